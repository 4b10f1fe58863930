{{/* Name of the chart, overridable. */}}
{{- define "mail-platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name: the prefix of every object. */}}
{{- define "mail-platform.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries, except the instance (see mail-platform.labels). */}}
{{- define "mail-platform.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: mail-platform
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels of an object that belongs to no single component. */}}
{{- define "mail-platform.labels" -}}
{{ include "mail-platform.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "imap-service"). */}}
{{- define "mail-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Object name of one component. */}}
{{- define "mail-platform.componentName" -}}
{{- printf "%s-%s" (include "mail-platform.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
What each service talks to: the backends it needs, whether it uses the directory (auth-service's
internal API, with the service token) and the services it calls over HTTP. This is the
architecture (docs/deployment.md), not configuration: it drives env vars and NetworkPolicies.
*/}}
{{- define "mail-platform.topology" -}}
auth-service:     {kafka: false, mongodb: true,  s3: false, calls: [], protocol: false, outboundSmtp: false}
smtp-ingress:     {kafka: true,  mongodb: false, s3: true,  directory: true, calls: [auth-service], protocol: true, protocolService: smtp, propertyPrefix: MAIL_SMTP, outboundSmtp: false}
delivery-service: {kafka: true,  mongodb: true,  s3: true,  directory: true, calls: [auth-service], protocol: false, outboundSmtp: true}
mailbox-service:  {kafka: true,  mongodb: true,  s3: true,  calls: [], protocol: false, outboundSmtp: false}
imap-service:     {kafka: true,  mongodb: true,  s3: true,  directory: true, calls: [auth-service], protocol: true, protocolService: imap, propertyPrefix: MAIL_IMAP, outboundSmtp: false}
pop3-service:     {kafka: true,  mongodb: true,  s3: true,  directory: true, calls: [auth-service], protocol: true, protocolService: pop3, propertyPrefix: MAIL_POP3, outboundSmtp: false}
gateway:          {kafka: false, mongodb: false, s3: false, calls: [auth-service, mailbox-service], protocol: false, outboundSmtp: false}
{{- end -}}

{{/* Image of a platform service; call with (dict "root" $ "component" name "svc" values). */}}
{{- define "mail-platform.image" -}}
{{- $img := .root.Values.image -}}
{{- $tag := default .root.Chart.AppVersion $img.tag -}}
{{- $repo := printf "%s/%s" $img.repositoryPrefix .component -}}
{{- if $img.registry -}}{{- $repo = printf "%s/%s" $img.registry $repo -}}{{- end -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{/* Kafka bootstrap servers the services use. */}}
{{- define "mail-platform.kafkaBootstrap" -}}
{{- if .Values.dev.enabled -}}
{{- printf "%s:9092" (include "mail-platform.componentName" (dict "root" . "component" "kafka")) -}}
{{- else -}}
{{- required "backends.kafka.bootstrapServers is required when dev.enabled is false" .Values.backends.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/* Name of the generated Secret with the dev credentials and the service token. */}}
{{- define "mail-platform.generatedSecret" -}}
{{- printf "%s-generated" (include "mail-platform.fullname" .) -}}
{{- end -}}

{{/* Name of the Secret with the TLS certificate of the protocol servers. */}}
{{- define "mail-platform.tlsSecret" -}}
{{- if .Values.tls.certManager.enabled -}}
{{- printf "%s-tls" (include "mail-platform.fullname" .) -}}
{{- else -}}
{{- required "tls.existingSecret is required when tls is enabled without cert-manager" .Values.tls.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* Security context of a container, shared by every container of the chart. */}}
{{- define "mail-platform.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end -}}

{{/*
The "data" volume of a dev backend StatefulSet: a PVC template with dev.persistence, otherwise an
emptyDir added to the pod's volumes. Emits either volumeClaimTemplates or nothing (the emptyDir
is then declared by the template below through the pod's volumes).
*/}}
{{- define "mail-platform.devVolume" -}}
{{- if .root.Values.dev.persistence.enabled -}}
volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      {{- with .root.Values.dev.persistence.storageClass }}
      storageClassName: {{ . }}
      {{- end }}
      resources:
        requests:
          storage: {{ .size }}
{{- end -}}
{{- end -}}
