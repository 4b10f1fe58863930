package org.mailplatform.gateway.openapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the OpenAPI documents of the services behind the gateway into one. Paths are disjoint by
 * construction (each API owns its prefix); a path claimed twice keeps its first owner and is
 * listed under {@code x-merge-conflicts}. Components with the same name and different content are
 * renamed {@code <api>_<name>} in the later document, with its {@code $ref}s rewritten, so every
 * reference still points at what its author meant.
 */
final class OpenApiMerger {

    private OpenApiMerger() {
    }

    /**
     * @param documents parsed documents by API name, in the order they should appear
     * @param unavailable APIs whose document could not be fetched (listed, not merged)
     */
    static Map<String, Object> merge(Map<String, Map<String, Object>> documents, List<String> unavailable, String version) {
        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("openapi", documents.values().stream().map(d -> d.get("openapi")).filter(Objects::nonNull)
                .map(Object::toString).findFirst().orElse("3.1.0"));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Mail platform API");
        info.put("version", version);
        info.put("description", "The public HTTP API of the mail platform, merged by the gateway from: "
                + String.join(", ", documents.keySet()) + ".");
        merged.put("info", info);
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Map<String, Object>> components = new LinkedHashMap<>();
        List<Object> tags = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();

        documents.forEach((api, document) -> {
            Map<String, String> renames = renamesFor(api, section(document, "components"), components);
            Map<String, Object> doc = renames.isEmpty() ? document : asMap(rewriteRefs(document, renames));
            section(doc, "paths").forEach((path, item) -> {
                if (paths.putIfAbsent(path, item) != null) {
                    conflicts.add(api + ": path " + path);
                }
            });
            section(doc, "components").forEach((kind, entries) -> {
                Map<String, Object> target = components.computeIfAbsent(kind, k -> new LinkedHashMap<>());
                asMap(entries).forEach((name, value) -> {
                    String finalName = renames.getOrDefault("#/components/" + kind + "/" + name, "#/components/" + kind + "/" + name)
                            .substring(("#/components/" + kind + "/").length());
                    target.putIfAbsent(finalName, value);
                });
            });
            if (doc.get("tags") instanceof List<?> list) {
                list.stream().filter(t -> tags.stream().noneMatch(existing -> sameTag(existing, t))).forEach(tags::add);
            }
        });

        merged.put("paths", paths);
        if (!components.isEmpty()) {
            merged.put("components", components);
        }
        if (!tags.isEmpty()) {
            merged.put("tags", tags);
        }
        if (!conflicts.isEmpty()) {
            merged.put("x-merge-conflicts", conflicts);
        }
        if (!unavailable.isEmpty()) {
            merged.put("x-unavailable-apis", unavailable);
        }
        return merged;
    }

    /** {@code $ref} target -> new target, for the components of this document whose names are taken by different content. */
    private static Map<String, String> renamesFor(String api, Map<String, Object> incoming, Map<String, Map<String, Object>> existing) {
        Map<String, String> renames = new HashMap<>();
        incoming.forEach((kind, entries) -> {
            Map<String, Object> taken = existing.getOrDefault(kind, Map.of());
            asMap(entries).forEach((name, value) -> {
                if (taken.containsKey(name) && !Objects.equals(taken.get(name), value)) {
                    renames.put("#/components/" + kind + "/" + name, "#/components/" + kind + "/" + api + "_" + name);
                }
            });
        });
        return renames;
    }

    private static Object rewriteRefs(Object node, Map<String, String> renames) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k),
                    "$ref".equals(k) && v instanceof String ref ? renames.getOrDefault(ref, ref) : rewriteRefs(v, renames)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> rewriteRefs(v, renames)).toList();
        }
        return node;
    }

    private static boolean sameTag(Object a, Object b) {
        return a instanceof Map<?, ?> x && b instanceof Map<?, ?> y && Objects.equals(x.get("name"), y.get("name"));
    }

    private static Map<String, Object> section(Map<String, Object> document, String key) {
        return document.get(key) instanceof Map<?, ?> ? asMap(document.get(key)) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
