package dev.tally.shared.web;

import java.util.Map;

import dev.tally.shared.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The OpenAPI description (springdoc, {@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}):
 * HTTP Basic for every operation, and the problem responses every operation of the API may give
 * (RFC 9457 {@code application/problem+json}, as {@link ProblemHandler} writes them).
 */
@Configuration
class OpenApiConfig {

    private static final String PROBLEM = "Problem";
    private static final Map<String, String> PROBLEMS = Map.of(
            "400", "Malformed JSON, a missing or invalid field, bad money",
            "401", "Not authenticated",
            "403", "Authenticated but not allowed",
            "404", "Unknown, or not yours",
            "409", "Wrong state for the command, or an Idempotency-Key reused with another body",
            "412", "If-Match does not name the current version",
            "422", "A business rule rejects the command");

    static {
        // the caller comes from the login (CallerArgumentResolver), not from the request's parameters
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        // a live stream is text/event-stream, each event a JSON object: not a Java SseEmitter "schema"
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class,
                new StringSchema().description("server-sent events, each one's data a JSON object"));
    }

    @Bean
    OpenAPI tallyOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tally").version("1")
                        .description("Event-sourced accounts, orders and payments. See api-contract.md."))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("A token from POST /api/auth/token, or from the configured external issuer")))
                // either one: a password, or a bearer token
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /**
     * Every operation documents the problem answers it can give, with the problem schema. The schema
     * is added here, with the responses that refer to it: components given with the OpenAPI bean are
     * replaced by the ones springdoc scans, and the references pointed nowhere.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                    PROBLEMS.forEach((status, meaning) -> operation.getResponses().putIfAbsent(status,
                            new ApiResponse().description(meaning).content(new Content().addMediaType(
                                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))))));
        };
    }

    private static Schema<?> problemSchema() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        return new ObjectSchema()
                .addProperty("type", new StringSchema().example("urn:tally:problem:insufficient-funds"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(fieldError));
    }
}
