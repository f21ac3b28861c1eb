package dev.tally.account.api;

import java.math.BigDecimal;

import dev.tally.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * A customer opened an account in one currency; {@code owner} is the user it belongs to. The holder
 * name is the owner's personal data: stored encrypted with their key, it reads as
 * {@link PersonalData#FORGOTTEN} once they are forgotten (revision 2: revision 1 stored it in
 * clear, and later also sealed; both read as they are, domain-docs/events.md).
 */
@Revision("2")
public record AccountOpened(String accountId, String owner, @PersonalData(subject = "owner") String holderName,
                            String currency,
                            BigDecimal overdraftLimit) implements AccountEvent {
}
