package dev.tally.shared.axon;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.tally.privacy.Pseudonyms;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Stamps each command sent from a request with the authenticated user's subject (their pseudonym,
 * never the login). Commands sent while handling an event (by a saga, say) already carry it through
 * correlation data.
 */
@Component
class IssuerDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    private final Pseudonyms pseudonyms;

    IssuerDispatchInterceptor(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return (index, command) -> authentication == null || command.getMetaData().containsKey(TallyMetaData.USERNAME)
                ? command
                : command.andMetaData(Map.of(TallyMetaData.USERNAME, pseudonyms.subjectOf(authentication.getName())));
    }
}
