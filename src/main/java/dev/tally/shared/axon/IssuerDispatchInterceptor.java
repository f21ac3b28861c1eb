package dev.tally.shared.axon;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.tally.privacy.Pseudonyms;
import dev.tally.shared.web.CorrelationIds;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Stamps each command sent from a request with the authenticated user's subject (their pseudonym,
 * never the login) and with the request's correlation id as its trace ({@link CorrelationIds}). Commands sent while handling an event (by a saga, say) already carry it through
 * correlation data.
 */
@Component
class IssuerDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    /** Where Axon's MessageOriginProvider keeps the root of a trace. */
    private static final String TRACE_ID = "traceId";

    private final Pseudonyms pseudonyms;

    IssuerDispatchInterceptor(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Optional<String> correlation = CorrelationIds.current();
        return (index, command) -> {
            CommandMessage<?> stamped = command;
            if (authentication != null && !command.getMetaData().containsKey(TallyMetaData.USERNAME)) {
                stamped = stamped.andMetaData(Map.of(TallyMetaData.USERNAME,
                        pseudonyms.subjectOf(authentication.getName())));
            }
            if (correlation.isPresent() && !command.getMetaData().containsKey(TRACE_ID)) {
                // the request's id roots the trace: Axon copies it to every event and command that follows
                stamped = stamped.andMetaData(Map.of(TRACE_ID, correlation.get()));
            }
            return stamped;
        };
    }
}
