package dev.tally.shared.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Some requests never reach Spring: Tomcat itself refuses a path with {@code %00} or a broken
 * percent-escape, and answers with its own HTML page. This puts a problem+json writer in place of
 * Tomcat's error report, so those answers look like every other error of the API.
 */
@Component
class ProblemErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ProblemWriter problems;

    ProblemErrorReports(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // the host's valves are all in place only once the host starts its contexts
        factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                replaceErrorReports(context.getParent());
            }
        }));
    }

    private void replaceErrorReports(Container host) {
        Pipeline pipeline = host.getPipeline();
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReport)) {
                pipeline.removeValve(valve);
            }
        }
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ProblemReport) {
                return;
            }
        }
        pipeline.addValve(new ProblemReport(problems));
    }

    /** Writes the problem only when nothing else answered: Spring's own errors pass through untouched. */
    static class ProblemReport extends ErrorReportValve {

        private final ProblemWriter problems;

        ProblemReport(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            ProblemDetail problem = ProblemWriter.problem(HttpStatusCode.valueOf(status),
                    status < 500 ? "malformed-request" : "internal-error",
                    status < 500 ? "The request could not be understood: its path, query or headers are malformed."
                            : "Something went wrong on our side; try again later.");
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(problems.json(problem));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // the connection is gone or the answer already started: nothing more to say
            }
        }
    }
}
