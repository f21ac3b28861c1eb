package dev.tally.shared.security;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import dev.tally.privacy.Pseudonyms;
import dev.tally.shared.web.ProblemWriter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * HTTP Basic or bearer tokens ({@link AccessTokens}) over a stateless API. Users and their
 * (encoded) passwords come from {@link UserProperties}; who may see which entity is decided by
 * ownership in the controllers.
 */
@Configuration
@EnableConfigurationProperties({UserProperties.class, TokenProperties.class, CrossSiteRefusal.Origins.class,
        LoginThrottle.Settings.class})
class SecurityConfig implements WebMvcConfigurer {

    /** The role of a metrics scraper: {@code /actuator/prometheus} and nothing else. */
    static final String METRICS_ROLE = "METRICS";
    static final String CUSTOMER_ROLE = "CUSTOMER";

    private final Pseudonyms pseudonyms;

    SecurityConfig(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problemWriter, AccessTokens tokens,
                            CrossSiteRefusal.Origins origins, LoginThrottle.Buckets throttleBuckets) throws Exception {
        SecurityProblems problems = new SecurityProblems(problemWriter);
        return http
                // no sessions and no cookies: what a browser can forge is refused by where it comes from
                .csrf(AbstractHttpConfigurer::disable)
                .addFilterAt(new CrossSiteRefusal(origins, problemWriter), CsrfFilter.class)
                .addFilterBefore(new LoginThrottle(throttleBuckets, problemWriter), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(new SecurityHeaders())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                // bearer tokens: Tally's own (POST /api/auth/token) or an external issuer's, picked by their iss
                .oauth2ResourceServer(bearer -> bearer
                        .authenticationManagerResolver(new JwtIssuerAuthenticationManagerResolver(tokens.byIssuer()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        // load balancers ask for health without credentials; details need ADMIN
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // the API description is public, like the contract it describes
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**")
                        .permitAll()
                        // the explorer's page and scripts hold no data: it logs in to the API like any client
                        .requestMatchers("/explorer", "/explorer/", "/explorer/**").permitAll()
                        // a metrics scraper holds credentials of its own role, which can do nothing else
                        .requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", METRICS_ROLE)
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/api/admin/**", "/api/analytics/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/orders/*/ship").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/auth/token").authenticated()
                        // customers' endpoints: not for a user of another role only (a scraper)
                        .requestMatchers("/api/**").hasAnyRole(CUSTOMER_ROLE, "ADMIN")
                        .anyRequest().authenticated())
                .build();
    }

    /** Failed logins counted where every node sees them: PostgreSQL's table, or memory on the embedded database. */
    @Bean
    LoginThrottle.Buckets loginThrottleBuckets(LoginThrottle.Settings settings, DataSource dataSource,
                                               @Value("${spring.datasource.url:}") String databaseUrl) {
        return databaseUrl.startsWith("jdbc:postgresql:") ? LoginThrottle.shared(dataSource, settings)
                : LoginThrottle.inMemory(settings);
    }

    /** Requests the firewall rejects get a problem body too (Spring Security picks this bean up). */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problemWriter) {
        return new SecurityProblems(problemWriter);
    }

    /** bcrypt (and the other encodings Spring knows): paid once per login, since clients then use tokens. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The configured users; demo users with published passwords only where that is safe ({@link DemoUsers}). */
    @Bean
    UserDetailsService users(UserProperties properties, PasswordEncoder encoder, TokenProperties tokenProperties,
                             @Value("${spring.datasource.url:}") String databaseUrl,
                             @Value("${tally.security.allow-demo-users:false}") boolean demoUsersAllowed) {
        DemoUsers.check(properties, encoder, tokenProperties.secret(), databaseUrl, demoUsersAllowed);
        return new InMemoryUserDetailsManager(properties.users().entrySet().stream()
                .map(user -> User.withUsername(user.getKey())
                        .password(user.getValue().password())
                        .roles(user.getValue().roles().toArray(String[]::new))
                        .build())
                .toList());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver(pseudonyms));
    }
}
