package dev.tally.shared.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The users who may log in, from configuration ({@code tally.security.users.<name>}). Passwords
 * are given in Spring Security's encoded form, e.g. {@code {bcrypt}$2a$10$...}, never in clear.
 */
@ConfigurationProperties("tally.security")
public record UserProperties(Map<String, User> users) {

    public UserProperties {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    public record User(String password, List<String> roles) {
    }
}
