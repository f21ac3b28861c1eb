package dev.tally.shared.security;

import java.io.IOException;

import dev.tally.shared.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** 401, 403 and URLs the firewall rejects (400) as problem+json, like every other error of the API. */
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final ProblemWriter problems;

    SecurityProblems(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        // a script that logs in by itself (the explorer) says so, and gets no challenge that would
        // make the browser pop up its own login dialog
        if (exception instanceof OAuth2AuthenticationException) {
            // RFC 6750: a bearer token that does not pass is named as such, whoever asks
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            write(response, HttpStatus.UNAUTHORIZED, "invalid-token", "The bearer token is expired, altered or"
                    + " not one of ours: get a new one at POST /api/auth/token.", request);
            return;
        }
        if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tally\"");
        }
        write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
                "Log in with HTTP Basic or a bearer token to use the API.", request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        write(response, HttpStatus.FORBIDDEN, "forbidden", "This needs a role you do not have.", request);
    }

    /** The firewall refuses URLs it finds dangerous (encoded slashes or percent signs, ...) before any controller. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       RequestRejectedException exception) throws IOException {
        write(response, HttpStatus.BAD_REQUEST, "rejected-request",
                "The request URL contains characters that are not allowed.", null);
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String detail,
                       HttpServletRequest request) throws IOException {
        problems.write(response, ProblemWriter.problem(status, type, detail), request);
    }
}
