package dev.tally.shared.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

/**
 * The guard against silent changes of stored events. Every event class (every class that an
 * event handler of Tally takes, or that carries {@code @Revision}) must have a revision, and its
 * JSON shape must equal the shape committed for that revision in
 * {@code src/test/resources/event-shapes}. Changing an event's fields without a new revision fails
 * here, with what to do instead.
 *
 * <p>Run with {@code -Dtally.write-event-shapes=true} to write the shape of a new event or a new
 * revision; existing shapes are never overwritten.
 */
class EventShapesTest {

    private static final Path SHAPES = Path.of("src/test/resources/event-shapes");
    private static final boolean WRITE = Boolean.getBoolean("tally.write-event-shapes");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void every_event_has_a_revision_and_the_shape_committed_for_it() throws IOException {
        Set<Class<?>> events = eventClasses();
        assertThat(events).as("event classes found").hasSizeGreaterThan(15);
        List<String> problems = new ArrayList<>();
        for (Class<?> event : events) {
            Revision revision = event.getAnnotation(Revision.class);
            if (revision == null) {
                problems.add(event.getName() + " has no @Revision. Every stored event needs one: add @Revision(\"1\").");
                continue;
            }
            Path file = SHAPES.resolve(event.getSimpleName() + ".r" + revision.value() + ".json");
            Map<String, Object> shape = shape(event, revision.value());
            if (!Files.exists(file)) {
                if (WRITE) {
                    Files.createDirectories(SHAPES);
                    JSON.writeValue(file.toFile(), shape);
                } else {
                    problems.add(event.getName() + " revision " + revision.value() + " has no committed shape "
                            + file + ". If this is a new event or a new revision, write it with"
                            + " -Dtally.write-event-shapes=true and commit it.");
                }
                continue;
            }
            Object committed = JSON.readValue(file.toFile(), Map.class);
            if (!committed.equals(JSON.convertValue(shape, Map.class))) {
                problems.add(event.getName() + " no longer has the JSON shape of its @Revision(\"" + revision.value()
                        + "\") (" + file + "), so the events stored with that revision would be misread."
                        + " Do not change a stored event in place: put the fields back, or give the class"
                        + " @Revision(\"" + next(revision.value()) + "\"), add an upcaster from revision "
                        + revision.value() + " to the upcaster chain, describe both revisions in"
                        + " domain-docs/events.md, and write the new shape with -Dtally.write-event-shapes=true."
                        + "\n  committed: " + committed + "\n  now:       " + JSON.convertValue(shape, Map.class));
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** The classes Tally's event handlers take, and those that declare a revision. */
    static Set<Class<?>> eventClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile("dev\\.tally\\..*")));
        Set<Class<?>> events = new TreeSet<>(Comparator.comparing(Class::getName));
        for (var candidate : scanner.findCandidateComponents("dev.tally")) {
            Class<?> type = load(candidate.getBeanClassName());
            if (type.isAnnotationPresent(Revision.class) && type.getPackageName().endsWith(".api")) {
                events.add(type);
            }
            for (Method method : type.getDeclaredMethods()) {
                boolean handler = method.isAnnotationPresent(EventHandler.class)
                        || method.isAnnotationPresent(EventSourcingHandler.class)
                        || method.isAnnotationPresent(SagaEventHandler.class);
                if (handler && method.getParameterCount() > 0
                        && method.getParameterTypes()[0].getName().startsWith("dev.tally.")) {
                    events.add(method.getParameterTypes()[0]);
                }
            }
        }
        return events;
    }

    private static Map<String, Object> shape(Class<?> event, String revision) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("type", event.getName());
        shape.put("revision", revision);
        shape.put("fields", fields(event));
        return shape;
    }

    /** The JSON a record is written as: its components by name, each with the kind of JSON value. */
    private static Map<String, Object> fields(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type.getName() + " is not a record; events are records");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            fields.put(component.getName(), kind(component.getGenericType()));
        }
        return fields;
    }

    private static Object kind(Type type) {
        if (type instanceof ParameterizedType generic
                && Collection.class.isAssignableFrom((Class<?>) generic.getRawType())) {
            return List.of(kind(generic.getActualTypeArguments()[0]));
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return "string";
        }
        if (raw == BigDecimal.class) {
            return "decimal";
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return "integer";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == Instant.class) {
            return "instant";
        }
        if (raw.isEnum()) {
            return "enum " + Arrays.toString(raw.getEnumConstants());
        }
        if (raw.isRecord()) {
            return fields(raw);
        }
        throw new IllegalStateException("no JSON kind known for " + raw.getName() + " in an event");
    }

    private static String next(String revision) {
        try {
            return Integer.toString(Integer.parseInt(revision) + 1);
        } catch (NumberFormatException notANumber) {
            return revision + "+1";
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException missing) {
            throw new IllegalStateException(missing);
        }
    }
}
