package dev.tally.privacy.api;

import org.axonframework.serialization.Revision;

/**
 * An operator erased a customer's personal data at their request: the link from their login to
 * their subject and the key that sealed their data are gone, so their stored events read as
 * forgotten where they held personal data, and read models drop what they copied of it. Balances
 * and history stay. {@code customer} is the subject (revision 2; revision 1 named the login, which
 * is the subject of a customer from before pseudonyms). It belongs to no aggregate; when it
 * happened is the message's timestamp.
 */
@Revision("2")
public record CustomerForgotten(String customer) {
}
