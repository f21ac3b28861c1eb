package dev.tally.shared.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tally.shared.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an API request that a browser marks as coming from another site: {@code Sec-Fetch-Site:
 * cross-site}, or an {@code Origin} that is neither Tally's own nor one of
 * {@code tally.security.allowed-origins}. It runs before authentication, so a forged request (a form
 * post from another site, with credentials the browser remembered) costs no password check and never
 * reaches a command. Clients outside browsers send neither header and are not affected; the
 * explorer, served by Tally itself, is same-origin.
 */
final class CrossSiteRefusal extends OncePerRequestFilter {

    private final Set<String> allowedOrigins;
    private final ProblemWriter problems;

    CrossSiteRefusal(Origins origins, ProblemWriter problems) {
        this.allowedOrigins = origins.allowedOrigins().stream().map(CrossSiteRefusal::normalized)
                .collect(Collectors.toUnmodifiableSet());
        this.problems = problems;
    }

    /** {@code tally.security.allowed-origins}: other sites whose pages may call the API (e.g. {@code https://shop.example.com}). */
    @ConfigurationProperties("tally.security")
    record Origins(List<String> allowedOrigins) {
        Origins {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))
                || origin != null && !allowed(normalized(origin), request)) {
            problems.write(response, ProblemWriter.problem(HttpStatus.FORBIDDEN, "cross-site-request",
                    "Requests from another site's pages are refused (Sec-Fetch-Site or Origin); allowed origins"
                            + " are configured in tally.security.allowed-origins."), request);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean allowed(String origin, HttpServletRequest request) {
        return allowedOrigins.contains(origin) || origin.equals(ownOrigin(request));
    }

    /** Scheme, host and port this request was addressed to (as a browser writes its Origin). */
    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** An origin as scheme://host[:port], lower case, without a trailing slash; "null" and garbage stay unmatched. */
    private static String normalized(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return origin;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException notAnOrigin) {
            return origin;
        }
    }
}
