package org.vsclab.tracking.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A WireMock server in front of the real MLflow server that injects the faults a real server will
 * not produce on demand: each request is forwarded (so the real server applies it and can be read
 * back), unless a rule answers first; a rule may also answer after the forwarded request was
 * applied, with a dropped connection, a 5xx or a response slower than the client waits.
 */
final class FaultProxy implements AutoCloseable {

    /** What a rule does to the request it matches. */
    enum Action {
        /** Answer 503 without forwarding. */
        UNAVAILABLE_BEFORE,
        /** Answer 429 without forwarding. */
        RATE_LIMITED_BEFORE,
        /** Forward (applied), then reset the connection. */
        DROP_AFTER,
        /** Forward (applied), then answer 500. */
        ERROR_AFTER,
        /** Forward (applied), then answer only after {@link #SLOW_MILLIS}. */
        SLOW_AFTER
    }

    static final int SLOW_MILLIS = 2500;

    private record Rule(Predicate<LoggedRequest> matches, Action action, int[] left) {}

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final String upstream;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WireMockServer server;

    FaultProxy(String upstream) {
        this.upstream = upstream;
        this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    /** Returns the proxy's URI. */
    String uri() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Adds a rule: the next {@code times} requests whose path contains {@code path} and whose body
     * contains {@code bodyPart} get the action.
     */
    FaultProxy on(String path, String bodyPart, Action action, int times) {
        rules.add(new Rule(r -> r.getUrl().contains(path) && r.getBodyAsString().contains(bodyPart), action, new int[] {times}));
        return this;
    }

    /** Removes every rule: from now on each request is forwarded as it is. */
    void clear() {
        rules.clear();
    }

    /** Returns how many requests reached the proxy. */
    int requests() {
        return server.getAllServeEvents().size();
    }

    /** Returns "ACTION path" for every fault injected, in order. */
    List<String> faults() {
        return new ArrayList<>(log);
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "mlflow-fault-proxy";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            Action action = null;
            for (Rule rule : rules) {
                synchronized (rule) {
                    if (rule.left()[0] > 0 && rule.matches().test(request)) {
                        rule.left()[0]--;
                        action = rule.action();
                        break;
                    }
                }
            }
            if (action != null) {
                log.add(action + " " + request.getUrl());
            }
            if (action == Action.UNAVAILABLE_BEFORE) {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(503)
                        .withBody("{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"injected\"}").build();
            }
            if (action == Action.RATE_LIMITED_BEFORE) {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(429)
                        .withBody("{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"injected\"}").build();
            }
            HttpResponse<byte[]> real = forward(request);
            ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.responseDefinition().withStatus(real.statusCode())
                    .withBody(real.body());
            real.headers().firstValue("Content-Type").ifPresent(v -> answer.withHeader("Content-Type", v));
            if (action == Action.DROP_AFTER) {
                answer.withFault(Fault.CONNECTION_RESET_BY_PEER);
            } else if (action == Action.ERROR_AFTER) {
                answer.withStatus(500).withBody("{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"injected\"}");
            } else if (action == Action.SLOW_AFTER) {
                answer.withFixedDelay(SLOW_MILLIS);
            }
            return answer.build();
        }

        private HttpResponse<byte[]> forward(LoggedRequest request) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + request.getUrl()))
                        .method(request.getMethod().getName(), request.getBody().length == 0
                                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.getBody()));
                for (String h : List.of("Content-Type", "Authorization")) {
                    if (request.containsHeader(h)) {
                        b.header(h, request.getHeader(h));
                    }
                }
                return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                throw new IllegalStateException("forwarding to " + upstream + " failed: " + e, e);
            }
        }
    }
}
