package dev.tally.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Every response carries the security headers ({@link SecurityHeaders}): the explorer's page, the
 * API's answers (errors too), and Swagger UI with a policy of its own that still allows only
 * Tally's own scripts. Over plain HTTP there is no HSTS (a browser would ignore it). As bob: the
 * explorer's test lists alice's accounts of this shared context.
 */
class SecurityHeadersIT extends ApiTest {

    private static final String POLICY =
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static void expectSecurityHeaders(RestTestClient.ResponseSpec response, String policy) {
        response.expectHeader().valueEquals("Content-Security-Policy", policy)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().doesNotExist("Strict-Transport-Security");
    }

    @Test
    void the_explorer_page_and_its_files_carry_the_strict_policy() {
        RestTestClient.ResponseSpec page = anonymous().get().uri("/explorer/").exchange();
        page.expectStatus().isOk();
        expectSecurityHeaders(page, POLICY);
        expectSecurityHeaders(anonymous().get().uri("/explorer").exchange().expectStatus().isOk(), POLICY);
        expectSecurityHeaders(anonymous().get().uri("/explorer/explorer.js").exchange().expectStatus().isOk(),
                POLICY);
    }

    @Test
    void api_answers_carry_them_too_errors_included() {
        expectSecurityHeaders(bob().get().uri("/api/accounts").exchange().expectStatus().isOk(), POLICY);
        expectSecurityHeaders(anonymous().get().uri("/api/accounts").exchange().expectStatus().isUnauthorized(),
                POLICY);
        expectSecurityHeaders(bob().get().uri("/api/accounts/no-such-account").exchange().expectStatus()
                .isNotFound(), POLICY);
    }

    @Test
    void swagger_ui_may_use_inline_styles_and_data_images_but_only_tallys_scripts() {
        RestTestClient.ResponseSpec page = anonymous().get().uri("/swagger-ui/index.html").exchange();
        page.expectStatus().isOk();
        expectSecurityHeaders(page, SecurityHeaders.API_DESCRIPTION_POLICY);
        page.expectHeader().value("Content-Security-Policy", policy -> assertThat(policy)
                .startsWith("default-src 'self';").doesNotContain("script-src").doesNotContain("unsafe-eval")
                .contains("frame-ancestors 'none'"));
    }
}
