package dev.tally.shared.security;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security headers of every response, the API's and the explorer's alike. The
 * Content-Security-Policy lets a page run only Tally's own files: no inline script, style or
 * event handler, nothing from another site, no framing, no {@code <base>}, forms only to Tally. So
 * data that slipped into a page as markup could not run, nor send what it found elsewhere. Besides:
 * {@code nosniff} (a JSON answer is never taken for a script), no {@code Referer} (URLs carry ids),
 * {@code X-Frame-Options: DENY} for browsers without {@code frame-ancestors}, and HSTS on secure
 * requests only (Spring's default; over plain HTTP a browser ignores it anyway).
 */
final class SecurityHeaders implements Customizer<HeadersConfigurer<HttpSecurity>> {

    static final String POLICY = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** Swagger UI, springdoc's pages of the API description: see {@link #API_DESCRIPTION_POLICY}. */
    private static final RequestMatcher API_DESCRIPTION = new OrRequestMatcher(
            pathPattern("/swagger-ui.html"), pathPattern("/swagger-ui/**"));

    /**
     * Swagger UI's scripts are files of its own, but its bundle adds {@code <style>} elements to
     * the page and its stylesheet draws icons from {@code data:} images; under {@link #POLICY} it
     * shows unstyled and without icons (ExplorerE2EIT saw the browser refuse them). So its pages
     * allow inline styles and {@code data:} images, and nothing more: scripts stay Tally's own
     * files, since a style cannot run code and a script could.
     */
    static final String API_DESCRIPTION_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Override
    public void customize(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentTypeOptions(Customizer.withDefaults())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .httpStrictTransportSecurity(Customizer.withDefaults())
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(API_DESCRIPTION),
                        new ContentSecurityPolicyHeaderWriter(POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(API_DESCRIPTION,
                        new ContentSecurityPolicyHeaderWriter(API_DESCRIPTION_POLICY)));
    }
}
