package dev.tally.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tally.support.ApiTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * The API description that Swagger UI and client generators read ({@code /v3/api-docs}) is valid
 * OpenAPI, and says what the API does: a standard parser finds no error and no unresolved reference,
 * every operation has a summary, the caller (taken from the login) is no parameter, and the live
 * streams answer {@code text/event-stream}.
 */
class OpenApiDocumentIT extends ApiTest {

    /**
     * The document the Java client of the test build is generated from (openapi-generator's Maven
     * plugin, see {@code GeneratedClientIT}); {@code -Dtally.openapi.write=true} writes it anew.
     */
    static final Path COMMITTED = Path.of("src/test/resources/openapi/tally-api.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private String served() {
        return anonymous().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** The served document without its server, whose port is the test's. */
    private JsonNode servedWithoutServers() throws IOException {
        ObjectNode document = (ObjectNode) JSON.readTree(served());
        document.remove("servers");
        return document;
    }

    @Test
    void is_the_committed_document_that_the_generated_client_is_built_from() throws IOException {
        JsonNode served = servedWithoutServers();
        if (Boolean.getBoolean("tally.openapi.write")) {
            Files.createDirectories(COMMITTED.getParent());
            // keys in order, so that the file changes only where the API does
            Files.writeString(COMMITTED, JSON.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(JSON.convertValue(served, Object.class)) + "\n");
        }
        assertThat(JSON.readTree(Files.readString(COMMITTED)))
                .as("%s is what /v3/api-docs serves (run this test with -Dtally.openapi.write=true after an API"
                        + " change, and commit the file)", COMMITTED)
                .isEqualTo(served);
    }

    private SwaggerParseResult parsed() {
        String document = served();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    @Test
    void is_valid_openapi_with_every_reference_resolved() {
        SwaggerParseResult result = parsed();
        assertThat(result.getMessages()).as("messages of the OpenAPI parser").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
    }

    @Test
    void every_operation_has_a_summary_and_takes_no_caller_parameter() {
        OpenAPI api = parsed().getOpenAPI();
        List<String> problems = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                problems.add(name + " has no summary");
            }
            if (operation.getParameters() != null && operation.getParameters().stream()
                    .anyMatch(parameter -> "caller".equals(parameter.getName()))) {
                problems.add(name + " asks for a 'caller' parameter (it comes from the login)");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void the_live_streams_answer_server_sent_events() {
        OpenAPI api = parsed().getOpenAPI();
        for (String path : List.of("/api/accounts/{accountId}/updates", "/api/events/stream")) {
            Operation stream = api.getPaths().get(path).getGet();
            assertThat(stream.getResponses().get("200").getContent()).as(path).containsOnlyKeys("text/event-stream");
        }
        assertThat(api.getComponents().getSchemas()).doesNotContainKey("SseEmitter");
    }
}
