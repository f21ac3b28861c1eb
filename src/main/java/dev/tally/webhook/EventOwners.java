package dev.tally.webhook;

import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tally.shared.axon.TallyMetaData;
import dev.tally.shared.readmodel.AggregateHistory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Whose an event is: the customer who owns the aggregate it belongs to (the account's owner, the
 * order's customer, the payment's payer), from that aggregate's first event through its
 * {@link AggregateHistory}, so an admin's shipping of alice's order is still alice's event. An event of
 * no aggregate with a history (an alert, for one) is the owner's of the aggregate it names by a
 * {@code <type>Id} component ({@code accountId}: the account's owner). Failing both, it is the user
 * who caused it (the {@code username} metadata). Owners are subjects (pseudonyms), never logins.
 */
@Component
class EventOwners {

    private static final int REMEMBERED = 10_000;

    private final Map<String, AggregateHistory<?>> histories;
    /** An aggregate's owner never changes: remembered, so a busy account costs one lookup. */
    private final Map<String, String> owners = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    EventOwners(List<AggregateHistory<?>> histories) {
        this.histories = histories.stream()
                .collect(Collectors.toMap(AggregateHistory::aggregateType, Function.identity()));
    }

    Optional<String> ownerOf(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domain && histories.containsKey(domain.getType())) {
            return ownerOf(domain.getType(), domain.getAggregateIdentifier());
        }
        Object payload = event.getPayload();
        if (payload != null && payload.getClass().isRecord()) {
            for (RecordComponent component : payload.getClass().getRecordComponents()) {
                Optional<String> owner = ownerOfNamed(component, payload);
                if (owner.isPresent()) {
                    return owner;
                }
            }
        }
        return Optional.ofNullable(event.getMetaData().get(TallyMetaData.USERNAME)).map(Object::toString);
    }

    private Optional<String> ownerOfNamed(RecordComponent component, Object payload) {
        String name = component.getName();
        if (!name.endsWith("Id") || name.length() < 3 || component.getType() != String.class) {
            return Optional.empty();
        }
        String type = Character.toUpperCase(name.charAt(0)) + name.substring(1, name.length() - 2);
        if (!histories.containsKey(type)) {
            return Optional.empty();
        }
        try {
            Object id = component.getAccessor().invoke(payload);
            return id == null ? Optional.empty() : ownerOf(type, id.toString());
        } catch (ReflectiveOperationException unreadable) {
            return Optional.empty();
        }
    }

    private Optional<String> ownerOf(String aggregateType, String aggregateId) {
        String key = aggregateType + "/" + aggregateId;
        String known = owners.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> owner = histories.get(aggregateType).owner(aggregateId);
        owner.ifPresent(found -> owners.put(key, found));
        return owner;
    }
}
