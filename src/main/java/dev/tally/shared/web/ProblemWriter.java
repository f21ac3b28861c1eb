package dev.tally.shared.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * How every problem response of Tally is made (RFC 9457 {@code application/problem+json}, with a
 * {@code urn:tally:problem:<slug>} type), and how it is written where no controller answers: the
 * body-size filter, Spring Security's entry points, and Tomcat's error report for requests that
 * never reach Spring. {@link ProblemHandler} makes the ones that controllers' failures become.
 */
@Component
public class ProblemWriter {

    private static final String TYPE_PREFIX = "urn:tally:problem:";

    private final JsonMapper jsonMapper;

    ProblemWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** A problem of the given status, type slug (e.g. {@code insufficient-funds}) and detail. */
    public static ProblemDetail problem(HttpStatusCode status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        return problem;
    }

    /** The URI that names a problem type, e.g. {@code urn:tally:problem:insufficient-funds}. */
    public static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** Writes the problem as the whole response, naming the request's path when there is one. */
    public void write(HttpServletResponse response, ProblemDetail problem, HttpServletRequest request)
            throws IOException {
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        jsonMapper.writeValue(response.getOutputStream(), problem);
    }

    /** The problem as JSON text, for a writer that is not a servlet response's (Tomcat's error report). */
    public String json(ProblemDetail problem) {
        return jsonMapper.writeValueAsString(problem);
    }
}
