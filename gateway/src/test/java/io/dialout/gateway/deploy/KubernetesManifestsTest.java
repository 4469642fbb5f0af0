package io.dialout.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validates everything under {@code k8s/} (and the Dockerfile's ports) without a cluster: every manifest is parsed
 * with the Kubernetes API model (fabric8) and must be a known kind with no unknown field; every kustomization is
 * rendered by Kustomize ({@code kubectl kustomize}, Debian's kubernetes-client) and the result is checked against
 * the application's own files: probe paths and ports, the drain endpoint the preStop hook calls, the metric the
 * autoscaler uses, the ports and config keys the app reads. Plain JUnit, no Quarkus start: a few seconds.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = repositoryRoot();
    private static final Path K8S = ROOT.resolve("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Sources SOURCES = new Sources(ROOT);

    private static final String CONTAINER = "gateway";
    private static final String HEALTH_LIVE = "/q/health/live";
    private static final String HEALTH_READY = "/q/health/ready";
    private static final String HEALTH_STARTED = "/q/health/started";
    private static final String METRICS = "/q/metrics";

    // ---------------------------------------------------------------- schema

    @Test
    void everyManifestIsAKnownKindWithNoUnknownField() {
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (Path file : yamlFiles()) {
            if (isKustomization(file)) {
                continue;
            }
            for (JsonNode doc : readAll(file)) {
                parsed++;
                String where = K8S.relativize(file) + " (" + doc.path("kind").asText("?") + ")";
                try {
                    KubernetesResource r = YAML.treeToValue(doc, KubernetesResource.class);
                    if (r == null || r instanceof GenericKubernetesResource) {
                        problems.add(where + ": unknown apiVersion/kind "
                                + doc.path("apiVersion").asText() + "/"
                                + doc.path("kind").asText());
                        continue;
                    }
                    unknownFields(r, where, problems);
                } catch (IOException | IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
        }
        assertThat(parsed).as("manifests parsed").isGreaterThanOrEqualTo(12);
        assertThat(problems).isEmpty();
    }

    @Test
    void kustomizationsNameOnlyExistingFilesAndSupportedFields() {
        List<Path> kustomizations = yamlFiles().stream()
                .filter(KubernetesManifestsTest::isKustomization)
                .toList();
        assertThat(kustomizations)
                .extracting(p -> K8S.relativize(p).toString())
                .contains(
                        "base/kustomization.yaml",
                        "overlays/demo/kustomization.yaml",
                        "overlays/production/kustomization.yaml");
        List<String> problems = new ArrayList<>();
        for (Path k : kustomizations) {
            Kustomize.check(k, problems);
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void rendersToUniqueResourcesThatParse(String dir) {
        List<ObjectNode> rendered = Kustomize.build(K8S.resolve(dir));
        Set<String> seen = new TreeSet<>();
        for (ObjectNode r : rendered) {
            String id = r.path("kind").asText() + "/"
                    + r.path("metadata").path("name").asText();
            assertThat(seen.add(id)).as("duplicate " + id).isTrue();
            List<String> problems = new ArrayList<>();
            unknownFields(typed(r, KubernetesResource.class), dir + " " + id, problems);
            assertThat(problems).isEmpty();
        }
        assertThat(seen)
                .contains(
                        "Deployment/dialout-gateway",
                        "Service/dialout-gateway",
                        "ConfigMap/dialout-gateway-config",
                        "Secret/dialout-gateway-secrets",
                        "PodDisruptionBudget/dialout-gateway");
    }

    // ---------------------------------------------------------------- wiring to the app

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void probesCallTheHealthEndpointsOnTheHttpPort(String dir) {
        Rendered r = Rendered.of(dir);
        assertThat(SOURCES.gatewayPom())
                .as("gateway/pom.xml serves /q/health")
                .contains("<artifactId>quarkus-smallrye-health</artifactId>");
        assertThat(r.effectiveProperty("quarkus.smallrye-health.root-path"))
                .as("health root path moved")
                .isEmpty();
        assertThat(r.effectiveProperty("quarkus.http.non-application-root-path"))
                .as("/q moved")
                .isEmpty();
        Container c = r.container();
        assertProbe(r, c.getLivenessProbe(), HEALTH_LIVE, "liveness");
        assertProbe(r, c.getReadinessProbe(), HEALTH_READY, "readiness");
        if (c.getStartupProbe() != null) {
            assertProbe(r, c.getStartupProbe(), HEALTH_STARTED, "startup");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void preStopDrainsThroughTheEndpointTheAppServes(String dir) {
        Rendered r = Rendered.of(dir);
        assertThat(r.container().getLifecycle()).isNotNull();
        assertThat(r.container().getLifecycle().getPreStop().getExec())
                .as("preStop exec")
                .isNotNull();
        String script = String.join(
                " ", r.container().getLifecycle().getPreStop().getExec().getCommand());
        Matcher m = Pattern.compile("(-X\\s*(\\w+)\\s+)?http://127\\.0\\.0\\.1:(\\d+)(/[^\\s\"'|;]*)")
                .matcher(script);
        List<String> calls = new ArrayList<>();
        while (m.find()) {
            String verb = m.group(2) == null ? "GET" : m.group(2);
            assertThat(Integer.parseInt(m.group(3)))
                    .as("port in the preStop hook")
                    .isEqualTo(r.httpPort());
            calls.add(verb + " " + m.group(4));
        }
        String drain = calls.stream()
                .filter(c -> c.startsWith("POST "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("preStop does not POST to the app: " + script));
        assertThat(SOURCES.endpoints())
                .as("HTTP endpoints in gateway/src/main/java")
                .contains(drain);
        for (String call : calls) {
            String path = call.substring(call.indexOf(' ') + 1);
            if (path.equals(METRICS)) {
                assertThat(SOURCES.gatewayPom()).contains("quarkus-micrometer-registry-prometheus");
            } else {
                assertThat(SOURCES.endpoints())
                        .as("HTTP endpoints in gateway/src/main/java")
                        .contains(call);
            }
        }
        // The wait loop reads a gauge; it must be one the app registers.
        Matcher metric = Pattern.compile("\\^(dialout_[a-z_]+)").matcher(script);
        assertThat(metric.find()).as("preStop waits on a dialout_ metric").isTrue();
        assertThat(SOURCES.registersGauge(metric.group(1)))
                .as("gauge " + metric.group(1) + " registered")
                .isTrue();
        assertThat(r.env("DRAIN_WAIT_SECONDS")).as("DRAIN_WAIT_SECONDS").isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void terminationGraceCoversDrainWaitAndShutdownGrace(String dir) {
        Rendered r = Rendered.of(dir);
        long wait = Long.parseLong(r.env("DRAIN_WAIT_SECONDS").orElseThrow());
        Duration shutdownGrace = duration(r.effectiveProperty("gateway.limits.shutdown-grace")
                .or(() -> SOURCES.configDefault("gateway.limits.shutdown-grace"))
                .orElseThrow(() -> new AssertionError("gateway.limits.shutdown-grace unknown")));
        // Quarkus itself stops waiting for the shutdown after quarkus.shutdown.timeout: it must cover the grace.
        Duration quarkusTimeout = r.effectiveProperty("quarkus.shutdown.timeout")
                .map(KubernetesManifestsTest::duration)
                .orElse(shutdownGrace);
        assertThat(quarkusTimeout).as("quarkus.shutdown.timeout").isGreaterThanOrEqualTo(shutdownGrace);
        long grace = r.pod().getTerminationGracePeriodSeconds();
        // The grace ends the calls left and waits for their BYEs itself (ShutdownTimeline); 20 s more for the preStop
        // hook's curl time-outs and sleep beyond DRAIN_WAIT_SECONDS (up to 12 s) and the JVM's exit.
        assertThat(grace)
                .as("terminationGracePeriodSeconds")
                .isGreaterThanOrEqualTo(wait + quarkusTimeout.toSeconds() + 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void containerPortsAreThePortsTheAppIsToldToUse(String dir) {
        Rendered r = Rendered.of(dir);
        int http = r.httpPort();
        int room = r.intSetting("gateway.media.room-port");
        int sip = r.intSetting("gateway.sip.port");
        int rtpMin = r.intSetting("gateway.media.sip-rtp-port-min");
        int rtpMax = r.intSetting("gateway.media.sip-rtp-port-max");

        assertThat(r.port("http"))
                .extracting(ContainerPort::getContainerPort, ContainerPort::getProtocol)
                .containsExactly(http, "TCP");
        assertThat(r.port("room"))
                .extracting(ContainerPort::getContainerPort, ContainerPort::getProtocol)
                .containsExactly(room, "UDP");
        assertThat(r.port("sip-udp"))
                .extracting(ContainerPort::getContainerPort, ContainerPort::getProtocol)
                .containsExactly(sip, "UDP");
        assertThat(r.port("sip-tcp"))
                .extracting(ContainerPort::getContainerPort, ContainerPort::getProtocol)
                .containsExactly(sip, "TCP");
        assertThat(rtpMin % 2)
                .as("RTP range starts on an even port (RFC 3550 section 11)")
                .isZero();
        assertThat(rtpMin).isBetween(1024, rtpMax - 1);
        assertThat(rtpMax).isLessThanOrEqualTo(65535);
        for (int p : List.of(http, room, sip)) {
            assertThat(p < rtpMin || p > rtpMax)
                    .as(p + " inside the SIP RTP range " + rtpMin + "-" + rtpMax)
                    .isTrue();
        }

        boolean hostNetwork = Boolean.TRUE.equals(r.pod().getHostNetwork());
        for (ContainerPort p : r.container().getPorts()) {
            if (hostNetwork && p.getHostPort() != null) {
                assertThat(p.getHostPort())
                        .as("hostNetwork needs hostPort == containerPort")
                        .isEqualTo(p.getContainerPort());
            }
        }
        // Whatever publishes the room port on the node must come with the node's address in the candidates.
        boolean roomOnNode = hostNetwork || r.port("room").getHostPort() != null;
        assertThat(r.fieldRefBehind("GATEWAY_MEDIA_ROOM_ADVERTISED_ADDRESSES"))
                .isEqualTo(roomOnNode ? "status.hostIP" : "status.podIP");
        String sipAddress = hostNetwork ? "status.hostIP" : "status.podIP";
        assertThat(r.fieldRefBehind("GATEWAY_SIP_ADVERTISED_ADDRESS")).isEqualTo(sipAddress);
        assertThat(r.fieldRefBehind("GATEWAY_MEDIA_SIP_ADVERTISED_ADDRESS")).isEqualTo(sipAddress);
        if (hostNetwork) {
            assertThat(r.pod().getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
            assertThat(sip)
                    .as("a non-root process cannot bind below 1024 on the node")
                    .isGreaterThanOrEqualTo(1024);
        }
    }

    @Test
    void productionPutsMediaOnTheNodeNetworkWithOneGatewayPerNode() {
        Rendered r = Rendered.of("overlays/production");
        assertThat(r.pod().getHostNetwork()).isTrue();
        assertThat(r.pod().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .anySatisfy(t -> {
                    assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(t.getLabelSelector().getMatchLabels()).isEqualTo(r.podLabels());
                });
        assertThat(r.deployment().getSpec().getReplicas())
                .as("the HPA owns replicas")
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void everyGatewaySettingNamesAConfigKeyTheAppReads(String dir) {
        Rendered r = Rendered.of(dir);
        List<String> unknown = new ArrayList<>();
        for (EnvVar e : r.container().getEnv()) {
            if (e.getName().startsWith("GATEWAY_") && !SOURCES.knowsEnv(e.getName())) {
                unknown.add("env " + e.getName());
            }
        }
        List<String> pending = new ArrayList<>();
        for (String key : new TreeSet<>(r.properties().stringPropertyNames())) {
            if (key.startsWith("gateway.") && !SOURCES.knowsKey(key)) {
                // A group no source mentions yet (say gateway.dialplan before the dial plan is configurable) is
                // reported, not failed: the app ignores it. Once the group exists, its keys must match.
                (SOURCES.mentionsGroup(key) ? unknown : pending).add("property " + key);
            }
        }
        if (!pending.isEmpty()) {
            System.out.println("KubernetesManifestsTest: " + dir + " sets keys of config groups the app does not"
                    + " have yet: " + pending);
        }
        assertThat(unknown)
                .as("settings the app does not read (config mappings in gateway/src/main/java)")
                .isEmpty();
        assertThat(SOURCES.requiredButMissing(r.properties()))
                .as("required keys of the map/list entries the manifests configure (the app would not start)")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void environmentReferencesAreDefinedEarlier(String dir) {
        List<EnvVar> env = Rendered.of(dir).container().getEnv();
        Set<String> defined = new LinkedHashSet<>();
        for (EnvVar e : env) {
            if (e.getValue() != null) {
                Matcher m = Pattern.compile("\\$\\((\\w+)\\)").matcher(e.getValue());
                while (m.find()) {
                    assertThat(defined)
                            .as(e.getName() + " uses $(" + m.group(1) + ")")
                            .contains(m.group(1));
                }
            }
            defined.add(e.getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void configAndSecretsAreMountedWhereTheAppReadsThem(String dir) {
        Rendered r = Rendered.of(dir);
        assertThat(SOURCES.dockerfile())
                .as("Quarkus reads $PWD/config/application.properties")
                .containsPattern("(?m)^WORKDIR /deployments$");
        Map<String, Volume> volumes = new HashMap<>();
        r.pod().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        Map<String, String> mounts = new HashMap<>();
        for (VolumeMount m : r.container().getVolumeMounts()) {
            assertThat(volumes).as("volume of mount " + m.getMountPath()).containsKey(m.getName());
            mounts.put(m.getMountPath(), m.getName());
        }
        Volume config = volumes.get(mounts.get("/deployments/config"));
        assertThat(config.getConfigMap().getName())
                .isEqualTo(r.configMap().getMetadata().getName());
        assertThat(r.configMap().getData()).containsKey("application.properties");

        // Files named in settings must be keys of a mounted Secret.
        List<String> files = new ArrayList<>();
        r.env("QUARKUS_CONFIG_LOCATIONS").ifPresent(v -> files.addAll(List.of(v.split(","))));
        if (r.effectiveProperty("gateway.auth.enabled").orElse("false").equals("true")) {
            files.add(r.effectiveProperty("mp.jwt.verify.publickey.location")
                    .orElseThrow(() -> new AssertionError("auth enabled without mp.jwt.verify.publickey.location")));
        }
        for (String f : files) {
            Path file = Path.of(f.replaceFirst("^file:", ""));
            Volume v = volumes.get(mounts.get(file.getParent().toString()));
            assertThat(v).as("a volume mounted at " + file.getParent()).isNotNull();
            assertThat(v.getSecret()).as(file + " comes from a Secret").isNotNull();
            assertThat(v.getSecret().getSecretName())
                    .isEqualTo(r.secret().getMetadata().getName());
            assertThat(r.secret().getStringData())
                    .containsKey(file.getFileName().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void serviceAndDisruptionBudgetSelectTheGatewayPods(String dir) {
        Rendered r = Rendered.of(dir);
        Service svc = r.one(Service.class);
        assertThat(svc.getSpec().getSessionAffinity()).isIn(null, "None");
        assertThat(r.podLabels()).containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
        assertThat(r.podLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(r.deployment().getSpec().getSelector().getMatchLabels())
                .isEqualTo(pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void autoscalerScalesOnAnActiveCallsGaugeTheAppRegisters() {
        Rendered r = Rendered.of("overlays/production");
        HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(r.deployment().getMetadata().getName());
        MetricSpec metric = hpa.getSpec().getMetrics().get(0);
        assertThat(metric.getType()).isEqualTo("Pods");
        String name = metric.getPods().getMetric().getName();
        assertThat(SOURCES.registersGauge(name))
                .as("gauge " + name + " registered in gateway/src/main/java")
                .isTrue();
        int maxCalls = r.intSetting("gateway.limits.max-calls");
        double target = metric.getPods()
                .getTarget()
                .getAverageValue()
                .getNumericalAmount()
                .doubleValue();
        assertThat(target)
                .as("HPA target below gateway.limits.max-calls")
                .isGreaterThan(0)
                .isLessThan(maxCalls);
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);

        // The documented prometheus-adapter rule serves the same name.
        ConfigMap adapter = typed(
                readAll(K8S.resolve("examples/prometheus-adapter-rules.yaml")).get(0), ConfigMap.class);
        assertThat(adapter.getData().get("config.yaml"))
                .contains("seriesQuery: '" + name + "{")
                .contains("as: \"" + name + "\"");
    }

    // ---------------------------------------------------------------- Dockerfile and dashboard

    @Test
    void dockerfileExposesThePortsItTellsTheAppToUse() {
        String df = SOURCES.dockerfile();
        Map<String, String> env = new HashMap<>();
        Matcher m =
                Pattern.compile("\\b(GATEWAY_[A-Z_]+|QUARKUS_HTTP_PORT)=(\\S+)").matcher(df);
        while (m.find()) {
            env.put(m.group(1), m.group(2));
            if (m.group(1).startsWith("GATEWAY_")) {
                assertThat(SOURCES.knowsEnv(m.group(1)))
                        .as(m.group(1) + " is a config key of the app")
                        .isTrue();
            }
        }
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(df);
        assertThat(expose.find()).isTrue();
        Set<String> exposed = Set.of(expose.group(1).trim().split("\\s+"));
        assertThat(exposed)
                .contains(
                        env.get("QUARKUS_HTTP_PORT") + "/tcp",
                        env.get("GATEWAY_MEDIA_ROOM_PORT") + "/udp",
                        env.get("GATEWAY_SIP_PORT") + "/udp",
                        env.get("GATEWAY_SIP_PORT") + "/tcp",
                        env.get("GATEWAY_MEDIA_SIP_RTP_PORT_MIN") + "-" + env.get("GATEWAY_MEDIA_SIP_RTP_PORT_MAX")
                                + "/udp");
        assertThat(df)
                .contains("/deployments/quarkus-run.jar")
                .containsPattern("(?m)^USER 185$")
                .contains("MaxRAMPercentage");
    }

    @Test
    void dashboardIsValidAndQueriesTheCallMetricsTheAppRegisters() throws IOException {
        JsonNode dash =
                JSON.readTree(K8S.resolve("grafana/dialout-dashboard.json").toFile());
        Set<String> metrics = new TreeSet<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dash.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            for (JsonNode t : panel.path("targets")) {
                Matcher m = Pattern.compile("\\bdialout_[a-z_]+")
                        .matcher(t.path("expr").asText());
                while (m.find()) {
                    metrics.add(m.group());
                }
            }
        }
        assertThat(metrics)
                .contains(
                        "dialout_calls_active",
                        "dialout_calls_ended_total",
                        "dialout_call_setup_seconds_bucket",
                        "dialout_sip_responses_total",
                        "dialout_media_packets_total");
        // Media metrics (dialout_media_*) come with the media engine's metrics; the call metrics exist today.
        for (String metric : metrics) {
            if (!metric.startsWith("dialout_media_")) {
                assertThat(SOURCES.registers(metric))
                        .as(metric + " registered in the sources")
                        .isTrue();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertProbe(Rendered r, Probe probe, String path, String what) {
        assertThat(probe).as(what + " probe").isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " probe is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what + " probe path").isEqualTo(path);
        int port = get.getPort().getIntVal() != null
                ? get.getPort().getIntVal()
                : r.port(get.getPort().getStrVal()).getContainerPort();
        assertThat(port).as(what + " probe port").isEqualTo(r.httpPort());
    }

    private static Duration duration(String s) {
        String v = s.trim();
        if (v.startsWith("P") || v.startsWith("p")) {
            return Duration.parse(v);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(v);
        assertThat(m.matches()).as("duration " + s).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** Adds a problem for every fabric8 model object that kept JSON fields its class does not know. */
    private static void unknownFields(Object o, String where, List<String> problems) {
        if (o == null) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, where + "." + k, problems));
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object e : list) {
                unknownFields(e, where + "[" + i++ + "]", problems);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0) {
                continue;
            }
            try {
                if (m.getName().equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) m.invoke(o);
                    if (extra != null && !extra.isEmpty()) {
                        problems.add(where + ": unknown field(s) " + extra.keySet());
                    }
                } else if (m.isAnnotationPresent(JsonProperty.class)) {
                    unknownFields(
                            m.invoke(o),
                            where + "." + m.getAnnotation(JsonProperty.class).value(),
                            problems);
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(m.toString(), e);
            }
        }
    }

    private static <T> T typed(JsonNode node, Class<T> type) {
        try {
            return YAML.treeToValue(node, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles() {
        try (Stream<Path> s = Files.walk(K8S)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isKustomization(Path p) {
        return p.getFileName().toString().equals("kustomization.yaml");
    }

    static List<JsonNode> readAll(Path file) {
        try {
            return readAll(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** The non-empty documents of a multi-document YAML text. */
    static List<JsonNode> readAll(String yaml, String where) {
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
                    docs.add(n);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(where, e);
        }
    }

    private static Path repositoryRoot() {
        // Overridable to check another checkout's manifests against its sources without building it.
        String given = System.getProperty("dialout.repository.root");
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("k8s")) && Files.isRegularFile(p.resolve("gateway/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root (with k8s/ and gateway/) not found from "
                + Path.of("").toAbsolutePath());
    }

    // ---------------------------------------------------------------- a rendered kustomization

    /** One rendered kustomization, with the gateway's effective settings (app < ConfigMap < Secret < env). */
    private record Rendered(String dir, List<ObjectNode> resources) {

        private static final Map<String, Rendered> CACHE = new HashMap<>();

        static synchronized Rendered of(String dir) {
            return CACHE.computeIfAbsent(dir, d -> new Rendered(d, Kustomize.build(K8S.resolve(d))));
        }

        <T extends HasMetadata> T one(Class<T> type) {
            String kind = type.getSimpleName();
            List<ObjectNode> found = resources.stream()
                    .filter(r -> r.path("kind").asText().equals(kind))
                    .toList();
            assertThat(found).as(dir + ": one " + kind).hasSize(1);
            return typed(found.get(0), type);
        }

        Deployment deployment() {
            return one(Deployment.class);
        }

        ConfigMap configMap() {
            return one(ConfigMap.class);
        }

        Secret secret() {
            return one(Secret.class);
        }

        PodSpec pod() {
            return deployment().getSpec().getTemplate().getSpec();
        }

        Map<String, String> podLabels() {
            return deployment().getSpec().getTemplate().getMetadata().getLabels();
        }

        Container container() {
            return pod().getContainers().stream()
                    .filter(c -> c.getName().equals(CONTAINER))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(dir + ": no container " + CONTAINER));
        }

        ContainerPort port(String name) {
            return container().getPorts().stream()
                    .filter(p -> name.equals(p.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(dir + ": no container port named " + name));
        }

        Optional<String> env(String name) {
            return container().getEnv().stream()
                    .filter(e -> e.getName().equals(name))
                    .findFirst()
                    .map(EnvVar::getValue);
        }

        /** The downward-API field an env var's value comes from, following one $(VAR) reference. */
        String fieldRefBehind(String name) {
            EnvVar e = container().getEnv().stream()
                    .filter(v -> v.getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(dir + ": no env " + name));
            if (e.getValue() != null) {
                Matcher m = Pattern.compile("^\\$\\((\\w+)\\)$").matcher(e.getValue());
                assertThat(m.matches())
                        .as(name + " refers to a downward-API variable")
                        .isTrue();
                return fieldRefBehind(m.group(1));
            }
            return e.getValueFrom().getFieldRef().getFieldPath();
        }

        /** gateway.* and other properties from the ConfigMap's application.properties and the Secret's files. */
        Properties properties() {
            Properties p = new Properties();
            load(p, configMap().getData().get("application.properties"));
            Map<String, String> secretFiles = secret().getStringData() == null ? Map.of() : secret().getStringData();
            env("QUARKUS_CONFIG_LOCATIONS").ifPresent(locations -> {
                for (String f : locations.split(",")) {
                    load(p, secretFiles.get(Path.of(f).getFileName().toString()));
                }
            });
            return p;
        }

        Optional<String> effectiveProperty(String key) {
            Optional<String> fromEnv = env(Sources.envName(key));
            if (fromEnv.isPresent()) {
                return fromEnv;
            }
            String v = properties().getProperty(key);
            if (v == null) {
                v = SOURCES.applicationProperties().getProperty(key);
            }
            return Optional.ofNullable(v);
        }

        int intSetting(String key) {
            return Integer.parseInt(effectiveProperty(key)
                    .or(() -> SOURCES.configDefault(key))
                    .orElseThrow(() -> new AssertionError(dir + ": no value for " + key))
                    .trim());
        }

        int httpPort() {
            return Integer.parseInt(effectiveProperty("quarkus.http.port").orElse("8080"));
        }

        private static void load(Properties p, String text) {
            if (text == null) {
                return;
            }
            try {
                p.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---------------------------------------------------------------- the kustomizations

    /**
     * The kustomizations: {@link #check} keeps them to the fields the manifests use (so a new Kustomize feature is a
     * reviewed change), and {@link #build} renders them with Kustomize itself.
     */
    static final class Kustomize {

        private static final Set<String> FIELDS =
                Set.of("apiVersion", "kind", "namespace", "resources", "patches", "images");

        static void check(Path file, List<String> problems) {
            JsonNode k = readAll(file).get(0);
            String where = K8S.relativize(file).toString();
            k.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f)) {
                    problems.add(where + ": unsupported field " + f);
                }
            });
            if (!k.path("apiVersion").asText().equals("kustomize.config.k8s.io/v1beta1")
                    || !k.path("kind").asText().equals("Kustomization")) {
                problems.add(where + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
            }
            for (JsonNode r : k.path("resources")) {
                Path p = file.getParent().resolve(r.asText()).normalize();
                if (!(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))) {
                    problems.add(where + ": resource " + r.asText() + " does not exist");
                }
            }
            for (JsonNode patch : k.path("patches")) {
                if (patch.size() != 1 || !patch.has("path")) {
                    problems.add(where + ": only `- path: file` patches are supported: " + patch);
                } else if (!Files.isRegularFile(
                        file.getParent().resolve(patch.path("path").asText()))) {
                    problems.add(where + ": patch " + patch.path("path").asText() + " does not exist");
                }
            }
        }

        /** The rendered resources, by Kustomize itself ({@code kubectl kustomize}). */
        static List<ObjectNode> build(Path dir) {
            List<ObjectNode> out = new ArrayList<>();
            readAll(io.dialout.testkit.Kustomize.render(dir), dir.toString()).forEach(n -> out.add((ObjectNode) n));
            return out;
        }
    }

    // ---------------------------------------------------------------- what the app's sources say

    /** Endpoints, metrics and config keys, read from the application's own source files. */
    static final class Sources {

        private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
        private static final Pattern METHOD = Pattern.compile(
                "(?m)^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*" + "([\\w.<>, ?\\[\\]]+?)\\s+(\\w+)\\(\\)\\s*;");
        private static final Pattern VERB = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH)\\b");
        private static final Pattern PATH = Pattern.compile("@Path\\(\\s*\"([^\"]*)\"\\s*\\)");

        private final Path root;
        private Map<Path, String> java;
        private List<Mapping> mappings;

        Sources(Path root) {
            this.root = root;
        }

        synchronized Map<Path, String> java() {
            if (java == null) {
                java = new HashMap<>();
                for (String module : List.of("gateway", "media", "demo")) {
                    Path src = root.resolve(module).resolve("src/main/java");
                    if (!Files.isDirectory(src)) {
                        continue;
                    }
                    try (Stream<Path> s = Files.walk(src)) {
                        s.filter(p -> p.toString().endsWith(".java")).forEach(p -> java.put(p, read(p)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return java;
        }

        String gatewayPom() {
            return read(root.resolve("gateway/pom.xml"));
        }

        String dockerfile() {
            return read(root.resolve("Dockerfile"));
        }

        Properties applicationProperties() {
            Properties p = new Properties();
            try {
                p.load(new StringReader(read(root.resolve("gateway/src/main/resources/application.properties"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p;
        }

        /** "VERB /path" of every JAX-RS resource method (class @Path + method @Path, root path applied). */
        Set<String> endpoints() {
            String rootPath = applicationProperties().getProperty("quarkus.rest.path", "/");
            Set<String> out = new TreeSet<>();
            for (String src : java().values()) {
                Matcher cls =
                        Pattern.compile("\\b(class|interface|record)\\s+\\w+").matcher(src);
                if (!cls.find()) {
                    continue;
                }
                Matcher classPath = PATH.matcher(src.substring(0, cls.start()));
                String base = classPath.find() ? classPath.group(1) : "";
                Matcher verb = VERB.matcher(src);
                while (verb.find()) {
                    if (verb.start() < cls.start()) {
                        continue;
                    }
                    int from = Math.max(
                            Math.max(src.lastIndexOf(';', verb.start()), src.lastIndexOf('}', verb.start())),
                            src.lastIndexOf('{', verb.start()));
                    int to = src.indexOf('{', verb.end());
                    Matcher methodPath = PATH.matcher(src.substring(from + 1, to < 0 ? src.length() : to));
                    String path = join(rootPath, join(base, methodPath.find() ? methodPath.group(1) : ""));
                    out.add(verb.group(1) + " " + path);
                }
            }
            return out;
        }

        private static String join(String a, String b) {
            String s = ("/" + a + "/" + b).replaceAll("/+", "/");
            return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }

        /** A Prometheus name is registered when its Micrometer name (or itself) is a literal in the sources. */
        boolean registers(String prometheusName) {
            String base =
                    prometheusName.replaceFirst("_(bucket|count|sum|max)$", "").replaceFirst("_total$", "");
            Set<String> candidates = new LinkedHashSet<>(List.of(base, base.replaceFirst("_seconds$", "")));
            return candidates.stream()
                    .anyMatch(c -> java().values().stream()
                            .anyMatch(
                                    s -> s.contains("\"" + c + "\"") || s.contains("\"" + c.replace('_', '.') + "\"")));
        }

        boolean registersGauge(String prometheusName) {
            String dotted = prometheusName.replace('_', '.');
            Pattern gauge = Pattern.compile("(Gauge\\.builder|\\.gauge)\\(\\s*\"(" + Pattern.quote(dotted) + "|"
                    + Pattern.quote(prometheusName) + ")\"");
            return java().values().stream().anyMatch(s -> gauge.matcher(s).find());
        }

        /** One @ConfigMapping source: its prefix, and each interface in it (the mapping and its nested groups). */
        private record Mapping(String prefix, String root, Map<String, Map<String, Member>> interfaces) {}

        /** A mapping method: kebab-case key, Java return type, {@code @WithDefault} value or null. */
        private record Member(String key, String type, String defaultValue) {}

        synchronized List<Mapping> mappings() {
            if (mappings != null) {
                return mappings;
            }
            List<Mapping> out = new ArrayList<>();
            for (String src : java().values()) {
                Matcher m = MAPPING.matcher(src);
                if (!m.find()) {
                    continue;
                }
                Map<String, Map<String, Member>> interfaces = new HashMap<>();
                String root = null;
                Matcher decl = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{").matcher(src);
                while (decl.find()) {
                    root = root == null ? decl.group(1) : root;
                    String body = withoutBlocks(src.substring(decl.end(), blockEnd(src, decl.end() - 1)));
                    Map<String, Member> members = new HashMap<>();
                    Matcher method = METHOD.matcher(body);
                    while (method.find()) {
                        String key = method.group(2)
                                .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                                .toLowerCase();
                        Matcher def = Pattern.compile("@WithDefault\\(\\s*\"([^\"]*)\"\\s*\\)")
                                .matcher(method.group());
                        members.put(key, new Member(key, method.group(1).trim(), def.find() ? def.group(1) : null));
                    }
                    interfaces.put(decl.group(1), members);
                }
                out.add(new Mapping(m.group(1), root, interfaces));
            }
            mappings = out;
            return out;
        }

        /** Index just after the brace block that opens at {@code open}. */
        private static int blockEnd(String s, int open) {
            int depth = 0;
            for (int i = open; i < s.length(); i++) {
                if (s.charAt(i) == '{') {
                    depth++;
                } else if (s.charAt(i) == '}' && --depth == 0) {
                    return i;
                }
            }
            return s.length();
        }

        /** The text with every nested {...} block (default-method bodies, nested interfaces) removed. */
        private static String withoutBlocks(String s) {
            StringBuilder out = new StringBuilder();
            int depth = 0;
            for (char c : s.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (depth == 0) {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** Config keys of the mappings' top-level methods (prefix + kebab-case name) with their defaults. */
        Map<String, String> mappedKeys() {
            Map<String, String> keys = new HashMap<>();
            for (Mapping m : mappings()) {
                m.interfaces()
                        .get(m.root())
                        .values()
                        .forEach(v -> keys.put(m.prefix() + "." + v.key(), v.defaultValue()));
            }
            return keys;
        }

        Optional<String> configDefault(String key) {
            return Optional.ofNullable(mappedKeys().get(key));
        }

        /**
         * Whether a mapping reads the key, following nested groups, lists ({@code rules[0].trunk}) and maps
         * ({@code trunks.carrier.host}); or a source names the whole key (an {@code @ConfigProperty}).
         */
        boolean knowsKey(String key) {
            for (Mapping m : mappings()) {
                if (key.startsWith(m.prefix() + ".")) {
                    List<String> segments =
                            new ArrayList<>(List.of(key.substring(m.prefix().length() + 1)
                                    .replaceAll("\\[\\d+]", "")
                                    .split("\\.")));
                    if (knows(m, m.root(), segments)) {
                        return true;
                    }
                }
            }
            return java().values().stream().anyMatch(s -> s.contains("\"" + key + "\""));
        }

        /**
         * For each trunk-like entry the properties configure ({@code trunks.carrier.*}, {@code rules[0].*}), the
         * members it must have: neither Optional nor defaulted.
         */
        List<String> requiredButMissing(Properties props) {
            List<String> missing = new ArrayList<>();
            for (Mapping m : mappings()) {
                for (Member member : m.interfaces().get(m.root()).values()) {
                    String type = member.type().replaceAll("\\s", "").replaceFirst("^Optional<(.*)>$", "$1");
                    boolean map = type.startsWith("Map<");
                    if (!map && !type.startsWith("List<")) {
                        continue;
                    }
                    String element = map
                            ? type.substring(type.indexOf(',') + 1, type.length() - 1)
                            : type.substring(5, type.length() - 1);
                    Map<String, Member> fields = m.interfaces().get(element);
                    if (fields == null) {
                        continue;
                    }
                    Pattern entry = Pattern.compile(
                            Pattern.quote(m.prefix() + "." + member.key()) + (map ? "\\.([^.]+)\\." : "\\[(\\d+)]\\."));
                    Set<String> entries = new TreeSet<>();
                    for (String key : props.stringPropertyNames()) {
                        Matcher e = entry.matcher(key);
                        if (e.lookingAt()) {
                            entries.add(e.group());
                        }
                    }
                    for (String e : entries) {
                        for (Member f : fields.values()) {
                            if (!f.type().startsWith("Optional")
                                    && f.defaultValue() == null
                                    && !props.containsKey(e + f.key())) {
                                missing.add(e + f.key());
                            }
                        }
                    }
                }
            }
            return missing;
        }

        private static boolean knows(Mapping m, String iface, List<String> segments) {
            Member member = m.interfaces().getOrDefault(iface, Map.of()).get(segments.get(0));
            if (member == null) {
                return false;
            }
            List<String> rest = segments.subList(1, segments.size());
            String type = member.type().replaceAll("\\s", "");
            type = type.startsWith("Optional<") ? type.substring(9, type.length() - 1) : type;
            if (type.startsWith("Map<")) {
                if (rest.isEmpty()) {
                    return false;
                }
                rest = rest.subList(1, rest.size());
                type = type.substring(type.indexOf(',') + 1, type.length() - 1);
            } else if (type.startsWith("List<")) {
                type = type.substring(5, type.length() - 1);
            }
            if (m.interfaces().containsKey(type)) {
                return !rest.isEmpty() && knows(m, type, rest);
            }
            return rest.isEmpty();
        }

        /** Whether any source names the key's group ({@code gateway.dialplan} for gateway.dialplan.trunks.x). */
        boolean mentionsGroup(String key) {
            String[] parts = key.split("\\.");
            String group = "\"" + parts[0] + "." + parts[1];
            return java().values().stream().anyMatch(s -> s.contains(group + "\"") || s.contains(group + "."));
        }

        boolean knowsEnv(String envName) {
            return mappedKeys().keySet().stream().anyMatch(k -> envName(k).equals(envName))
                    || java().values().stream().anyMatch(s -> {
                        Matcher m =
                                Pattern.compile("\"(gateway\\.[a-z0-9.-]+)\"").matcher(s);
                        while (m.find()) {
                            if (envName(m.group(1)).equals(envName)) {
                                return true;
                            }
                        }
                        return false;
                    });
        }

        /** The environment variable name SmallRye Config maps to a property name. */
        static String envName(String key) {
            return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
        }

        private static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new UncheckedIOException(p.toString(), e);
            }
        }
    }
}
