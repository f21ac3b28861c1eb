package dev.tally.shared.axon;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Stamps each command sent from a request with the authenticated user. Commands sent while
 * handling an event (by a saga, say) already carry the user through correlation data.
 */
@Component
class IssuerDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return (index, command) -> authentication == null || command.getMetaData().containsKey(TallyMetaData.USERNAME)
                ? command
                : command.andMetaData(Map.of(TallyMetaData.USERNAME, authentication.getName()));
    }
}
