package org.mailplatform.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The objects of one rendering, parsed into the fabric8 Kubernetes model. */
record Manifests(List<HasMetadata> objects) {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Manifests parse(String rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
            boolean onlyComments = document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"));
            if (!onlyComments) {
                try {
                    objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot parse rendered document:\n" + document, e);
                }
            }
        }
        return new Manifests(List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new NoSuchElementException(type.getSimpleName() + " " + name + " not rendered; have "
                        + all(type).stream().map(o -> o.getMetadata().getName()).toList()));
    }

    /** Pod templates of every workload that runs continuously (Deployments and StatefulSets). */
    List<PodTemplateSpec> longRunningPodTemplates() {
        List<PodTemplateSpec> templates = new ArrayList<>();
        all(Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
        return templates;
    }

    static String objectName(String component) {
        return Chart.RELEASE + "-" + component;
    }
}
