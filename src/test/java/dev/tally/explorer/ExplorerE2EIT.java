package dev.tally.explorer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tally.support.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The explorer in a real browser: Debian's headless Chromium, driven by Selenium through the
 * machine's chromedriver (nothing is downloaded). Without Chromium the test is skipped, unless
 * {@code TALLY_E2E_REQUIRED=true} (set by {@code .ci/run}, which installs it) makes that a failure.
 * Screenshots of each step go to {@code target/explorer-screenshots}.
 *
 * <p>The pages run under Tally's Content-Security-Policy; every violation the browser reports is
 * collected (in {@code localStorage}, which neither page uses and which outlives reloads) and must
 * not happen. The explorer keeps a bearer token, never the password.
 */
class ExplorerE2EIT extends ApiTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("tally.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("tally.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");
    /** How long a rebuild of a read model may take: it reads the whole shared store. */
    private static final Duration REBUILD = Duration.ofMinutes(3);

    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void startBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && Boolean.parseBoolean(System.getenv("TALLY_E2E_REQUIRED"))) {
            fail("Chromium is needed: apt-get install chromium chromium-driver");
        }
        assumeTrue(installed, "no Chromium here: apt-get install chromium chromium-driver to run the explorer test");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // without the background-networking flags Chromium keeps calling home, which a closed network refuses
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1100",
                "--user-data-dir=" + Files.createTempDirectory("tally-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        // before any script of a page: DevTools' own script, which the page's policy does not govern
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                document.addEventListener('securitypolicyviolation', (violation) => {
                    const seen = JSON.parse(localStorage.getItem('cspViolations') || '[]');
                    seen.push(`${violation.violatedDirective} ${violation.blockedURI} ${violation.sourceFile}`);
                    localStorage.setItem('cspViolations', JSON.stringify(seen));
                });"""));
        // the admin tables are drawn anew every two seconds: an element found may be gone when read
        wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(15))
                .ignoring(StaleElementReferenceException.class);
    }

    /** Every test starts logged out and with no violation seen (both storages are Tally's origin's). */
    @BeforeEach
    void forgetTheLastTest() {
        browser.get(baseUrl() + "/explorer/explorer.css");
        browser.executeScript("sessionStorage.clear(); localStorage.clear()");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_customer_travels_in_time_and_sees_a_deposit_arrive_and_an_admin_replays_a_processor() throws IOException {
        String accountId = accountWithDeposits("100.00", "25.00");

        browser.get(baseUrl() + "/explorer");
        theContentSecurityPolicyIsInForce();
        logIn("alice", "not-her-password");
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Wrong user or password."));
        screenshot("01-login-refused");
        logIn("alice", "alice-pw");
        WebElement account = myAccount(accountId);
        theSessionHoldsATokenAndNoPassword("alice", "alice-pw");

        account.click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#timeline li"), 3));
        assertThat(texts("#timeline li .type")).containsExactly("AccountOpened", "MoneyDeposited", "MoneyDeposited");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#state tr[data-field='balance'] td"), "125.00"));
        screenshot("02-timeline");

        browser.findElement(By.id("slider")).sendKeys(Keys.ARROW_LEFT);
        wait.until(ExpectedConditions.textToBe(By.id("state-version"), "1"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#state tr[data-field='balance'] td"), "100.00"));
        assertThat(browser.findElement(By.cssSelector("#state tr[data-field='balance']")).getAttribute("class"))
                .contains("changed");
        assertThat(browser.findElement(By.cssSelector("#timeline li[data-sequence='2']")).getAttribute("class"))
                .contains("future");
        screenshot("03-time-travel");

        wait.until(ExpectedConditions.textToBe(By.id("feed-status"), "live"));
        post(alice(), "/api/accounts/" + accountId + "/deposits", """
                {"amount": "7.50", "currency": "EUR", "reference": "seen live"}""").expectStatus().isOk();
        WebElement arrived = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#feed li[data-type='MoneyDeposited'][data-aggregate-id='" + accountId + "']")));
        assertThat(arrived.getText()).contains("7.5");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#timeline li"), 4));
        screenshot("04-live-feed");

        browser.findElement(By.id("logout")).click();
        logIn("admin", "admin-pw");
        By replay = By.cssSelector("#processors tr[data-processor='account-summary'] button.replay");
        wait.until(ExpectedConditions.elementToBeClickable(replay));
        assertThat(browser.findElements(By.cssSelector("#sales-chart rect"))).hasSize(24);
        // found and clicked in one go: the table is drawn anew every two seconds
        wait.until(driver -> {
            driver.findElement(replay).click();
            return true;
        });
        By row = By.cssSelector("#processors tr[data-processor='account-summary']");
        wait.until(ExpectedConditions.attributeToBe(row, "data-replay-requested", "true"));
        // the rebuild reads the whole shared store (every other test's events): minutes at worst
        new WebDriverWait(browser, REBUILD).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.textToBe(By.cssSelector(
                        "#processors tr[data-processor='account-summary'] td.replay-state"), "idle"));
        screenshot("05-admin-replay");
        admin().get().uri("/api/accounts/{id}", accountId).exchange()
                .expectBody().jsonPath("$.balance").isEqualTo("132.50");
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void an_alert_arrives_live_stands_out_in_the_feed_and_joins_the_list_of_alerts() throws IOException {
        String accountId = accountWithDeposits("20000.00");

        browser.get(baseUrl() + "/explorer");
        logIn("alice", "alice-pw");
        wait.until(ExpectedConditions.textToBe(By.id("feed-status"), "live"));
        for (String amount : new String[]{"6000.00", "5000.00"}) {
            post(alice(), "/api/accounts/" + accountId + "/withdrawals", """
                    {"amount": "%s", "currency": "EUR"}""".formatted(amount)).expectStatus().isOk();
        }

        WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#feed li.alert[data-type='AlertRaised']")));
        assertThat(alert.getText()).contains("large-outflow").contains(accountId);
        WebElement listed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#alerts li.alert button[data-account-id='" + accountId + "']")));
        assertThat(listed.getText()).isEqualTo("large-outflow: 11000.00 EUR > 10000.00");
        screenshot("06-alert");
        listed.click();
        wait.until(ExpectedConditions.textToBe(By.id("entity-title"), "account " + accountId));
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void a_session_ends_with_a_refused_or_expired_token_and_the_login_says_so() {
        browser.get(baseUrl() + "/explorer");
        logIn("bob", "bob-pw");
        wait.until(ExpectedConditions.textToBe(By.id("feed-status"), "live"));

        // what the API answers for a token that is expired or altered: 401 invalid-token
        browser.executeScript("sessionStorage.setItem('tally.token', 'not.a.token')");
        browser.navigate().refresh();
        theLoginSaysTheSessionExpired();

        logIn("bob", "bob-pw");
        wait.until(ExpectedConditions.textToBe(By.id("feed-status"), "live"));
        // the token's own expiry ends the session without waiting for a 401
        browser.executeScript("sessionStorage.setItem('tally.expiresAt', String(Date.now() + 500))");
        browser.navigate().refresh();
        theLoginSaysTheSessionExpired();
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void more_than_a_page_of_accounts_are_listed_a_page_at_a_time() throws IOException {
        // the admin's own accounts (the shared context may hold some already): at least one past the first page
        long have = ((Number) ((Map<?, ?>) body(admin().get().uri("/api/accounts?size=1").exchange().expectStatus().isOk())
                .get("page")).get("totalElements")).longValue();
        // with a token: a password is checked (bcrypt) on every request, a token is not
        RestTestClient admin = withToken(tokenOf("admin", "admin-pw"));
        for (long i = have; i < 101; i++) {
            post(admin, "/api/accounts", """
                    {"holderName": "Page %d", "currency": "EUR"}""".formatted(i)).expectStatus().isCreated();
        }
        // the list is the read model's, which shows new accounts a moment after they are opened
        String onTheSecondPage = await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<?> second = (List<?>) body(admin().get().uri("/api/accounts?size=100&page=1").exchange()
                    .expectStatus().isOk()).get("content");
            return second.isEmpty() ? null : (String) ((Map<?, ?>) second.get(0)).get("accountId");
        }, Objects::nonNull);
        By itsButton = By.cssSelector("#my-accounts button[data-account-id='" + onTheSecondPage + "']");

        browser.get(baseUrl() + "/explorer");
        logIn("admin", "admin-pw");
        WebElement more = wait.until(ExpectedConditions.elementToBeClickable(By.id("more-accounts")));
        assertThat(browser.findElements(By.cssSelector("#my-accounts button[data-account-id]"))).hasSize(100);
        assertThat(browser.findElements(itsButton)).isEmpty();

        more.click();
        wait.until(ExpectedConditions.elementToBeClickable(itsButton));
        assertThat(browser.findElements(By.cssSelector("#my-accounts button[data-account-id]")))
                .hasSizeGreaterThan(100);
        screenshot("07-more-accounts");
        assertThat(cspViolations()).isEmpty();
    }

    /**
     * One of alice's accounts, as she would find it: the list shows 100 at a time, oldest first, and
     * the shared context holds every other test's accounts of hers, so it may be on a later page.
     */
    private WebElement myAccount(String accountId) {
        By itsButton = By.cssSelector("#my-accounts button[data-account-id='" + accountId + "']");
        return wait.until(driver -> {
            List<WebElement> found = driver.findElements(itsButton);
            if (!found.isEmpty()) {
                return found.get(0).isDisplayed() && found.get(0).isEnabled() ? found.get(0) : null;
            }
            // the button goes while its page loads, and comes back under it
            driver.findElements(By.id("more-accounts")).forEach(WebElement::click);
            return null;
        });
    }

    /**
     * Swagger UI (springdoc) runs under its own policy ({@code SecurityHeaders}): it shows the
     * operations and the browser reports no violation.
     */
    @Test
    void the_api_description_works_under_its_policy() {
        browser.get(baseUrl() + "/swagger-ui.html");
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock"), 10));
        WebElement first = browser.findElement(By.cssSelector(".opblock .opblock-summary"));
        first.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".opblock.is-open .opblock-body")));
        assertThat(cspViolations()).isEmpty();
    }

    /** An inline style is refused and reported: the policy is there and violations are seen. */
    private void theContentSecurityPolicyIsInForce() {
        browser.executeScript("localStorage.removeItem('cspViolations');"
                + " document.body.setAttribute('style', 'outline: 1px solid red')");
        wait.until(driver -> cspViolations().stream().anyMatch(violation -> violation.startsWith("style-src")));
        browser.executeScript("document.body.removeAttribute('style'); localStorage.removeItem('cspViolations')");
    }

    private void theSessionHoldsATokenAndNoPassword(String username, String password) {
        @SuppressWarnings("unchecked")
        Map<String, String> stored = (Map<String, String>) browser.executeScript(
                "return Object.fromEntries(Object.entries(sessionStorage))");
        assertThat(stored).containsOnlyKeys("tally.token", "tally.expiresAt", "tally.username")
                .containsEntry("tally.username", username);
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        assertThat(stored.values()).noneMatch(value -> value.contains(password) || value.contains(basic)
                || value.regionMatches(true, 0, "Basic", 0, 5));
        assertThat(Long.parseLong(stored.get("tally.expiresAt"))).isGreaterThan(System.currentTimeMillis());
        // the token is one the API takes
        withToken(stored.get("tally.token")).get().uri("/api/accounts?size=1").exchange().expectStatus().isOk();
    }

    private void theLoginSaysTheSessionExpired() {
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Your session has expired. Please log in again."));
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
        assertThat(browser.executeScript("return sessionStorage.getItem('tally.token')")).isNull();
    }

    @SuppressWarnings("unchecked")
    private List<String> cspViolations() {
        String seen = (String) browser.executeScript("return localStorage.getItem('cspViolations')");
        return seen == null ? List.of() : (List<String>) browser.executeScript("return JSON.parse(arguments[0])", seen);
    }

    private String accountWithDeposits(String... amounts) {
        String accountId = (String) body(post(alice(), "/api/accounts", """
                {"holderName": "Alice Explorer", "currency": "EUR"}""").expectStatus().isCreated()).get("accountId");
        for (String amount : amounts) {
            post(alice(), "/api/accounts/" + accountId + "/deposits", """
                    {"amount": "%s", "currency": "EUR"}""".formatted(amount)).expectStatus().isOk();
        }
        // the page lists accounts from the read model
        alice().get().uri("/api/accounts/{id}?minVersion={v}", accountId, amounts.length).exchange()
                .expectStatus().isOk();
        return accountId;
    }

    private void logIn(String username, String password) {
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.clear();
        user.sendKeys(username);
        WebElement secret = browser.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
        browser.findElement(By.id("login-button")).click();
    }

    private List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
