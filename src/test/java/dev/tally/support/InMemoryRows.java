package dev.tally.support;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Spring Data repository of read-model rows kept in a map, for projection tests that run in
 * milliseconds. Like a JPA persistence context within one transaction, it hands out the same row
 * object for an id until the row is deleted, so a row changed in place is changed "in the table".
 * Only what the read-side recipe uses is there ({@code findById}, {@code findAllById}, {@code save}, {@code findAll},
 * {@code count}, {@code deleteAllInBatch}); any other method fails the test that calls it.
 */
public final class InMemoryRows {

    private InMemoryRows() {
    }

    /** A repository of the given interface whose rows are keyed by {@code idOf}. */
    public static <T, R> T of(Class<T> repository, Function<R, String> idOf) {
        return of(repository, idOf, new LinkedHashMap<>());
    }

    /** The same, counting in {@code calls} how often each method is called (the queries a database would get). */
    public static <T, R> T of(Class<T> repository, Function<R, String> idOf, Map<String, Integer> calls) {
        Map<String, R> rows = new LinkedHashMap<>();
        Object proxy = Proxy.newProxyInstance(repository.getClassLoader(), new Class<?>[]{repository},
                (self, method, arguments) -> switch (count(calls, method.getName())) {
                    case "findById" -> Optional.ofNullable(rows.get((String) arguments[0]));
                    case "save" -> {
                        @SuppressWarnings("unchecked")
                        R row = (R) arguments[0];
                        rows.put(idOf.apply(row), row);
                        yield row;
                    }
                    case "findAllById" -> {
                        List<R> found = new ArrayList<>();
                        for (Object id : (Iterable<?>) arguments[0]) {
                            if (rows.containsKey(id)) {
                                found.add(rows.get(id));
                            }
                        }
                        yield found;
                    }
                    case "findAll" -> new ArrayList<>(rows.values());
                    case "count" -> (long) rows.size();
                    case "deleteAllInBatch" -> {
                        rows.clear();
                        yield null;
                    }
                    case "toString" -> "in-memory " + repository.getSimpleName() + " " + rows;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == arguments[0];
                    default -> throw new UnsupportedOperationException(method + " is not kept in memory");
                });
        return repository.cast(proxy);
    }

    private static String count(Map<String, Integer> calls, String method) {
        calls.merge(method, 1, Integer::sum);
        return method;
    }
}
