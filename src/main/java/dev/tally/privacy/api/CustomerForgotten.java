package dev.tally.privacy.api;

import org.axonframework.serialization.Revision;

/**
 * An operator erased a customer's personal data at their request: the key that sealed it is gone,
 * so their stored events read as forgotten where they held personal data, and read models drop
 * what they copied of it. Balances and history stay. It belongs to no aggregate; when it happened
 * is the message's timestamp.
 */
@Revision("1")
public record CustomerForgotten(String customer) {
}
