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
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.serialization.Revision;
import dev.tally.shared.upcasting.JsonUpcast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.Bean;
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
            problems.addAll(check(event, SHAPES, WRITE));
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void every_older_revision_with_a_committed_shape_has_an_upcast_from_it() throws IOException {
        Set<String> upcastFrom = new TreeSet<>();
        for (JsonUpcast step : upcastSteps()) {
            upcastFrom.add(shapeFileName(step.eventType().substring(step.eventType().lastIndexOf('.') + 1),
                    step.fromRevision()));
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> event : eventClasses()) {
            Revision revision = event.getAnnotation(Revision.class);
            try (Stream<Path> files = Files.list(SHAPES)) {
                files.map(file -> file.getFileName().toString())
                        .filter(name -> name.startsWith(event.getSimpleName() + ".r"))
                        .filter(name -> revision == null || !name.equals(shapeFileName(event.getSimpleName(),
                                revision.value())))
                        .filter(name -> !upcastFrom.contains(name))
                        .forEach(name -> missing.add(event.getName() + ": events stored as " + name
                                + " have no upcast to the next revision. Add a JsonUpcast bean for it."));
            }
        }
        assertThat(missing).as(String.join("\n", missing)).isEmpty();
    }

    /** A record standing for an event whose fields changed after its revision 1 was committed. */
    record SampleEvent(String sampleId, String description) {
    }

    @Test
    void an_event_changed_without_a_new_revision_is_reported_with_what_to_do(@TempDir Path shapes)
            throws IOException {
        Files.writeString(shapes.resolve("SampleEvent.r1.json"), """
                {"type": "%s", "revision": "1", "fields": {"sampleId": "string", "reference": "string"}}"""
                .formatted(SampleEvent.class.getName()));
        assertThat(check(SampleEvent.class, shapes, false, "1"))
                .singleElement().asString()
                .contains("no longer has the JSON shape of its @Revision(\"1\")")
                .contains("@Revision(\"2\")")
                .contains("add an upcaster from revision 1")
                .contains("domain-docs/events.md");
    }

    @Test
    void an_event_without_a_committed_shape_is_reported(@TempDir Path shapes) throws IOException {
        assertThat(check(SampleEvent.class, shapes, false, "1"))
                .singleElement().asString().contains("has no committed shape");
    }

    private static List<String> check(Class<?> event, Path shapes, boolean write) throws IOException {
        Revision revision = event.getAnnotation(Revision.class);
        if (revision == null) {
            return List.of(event.getName() + " has no @Revision. Every stored event needs one: add @Revision(\"1\").");
        }
        return check(event, shapes, write, revision.value());
    }

    private static List<String> check(Class<?> event, Path shapes, boolean write, String revision)
            throws IOException {
        Path file = shapes.resolve(shapeFileName(event.getSimpleName(), revision));
        Map<String, Object> shape = JSON.convertValue(shape(event, revision), Map.class);
        if (!Files.exists(file)) {
            if (write) {
                Files.createDirectories(shapes);
                JSON.writeValue(file.toFile(), shape);
                return List.of();
            }
            return List.of(event.getName() + " revision " + revision + " has no committed shape " + file
                    + ". If this is a new event or a new revision, write it with"
                    + " -Dtally.write-event-shapes=true and commit it.");
        }
        Object committed = JSON.readValue(file.toFile(), Map.class);
        if (committed.equals(shape)) {
            return List.of();
        }
        return List.of(event.getName() + " no longer has the JSON shape of its @Revision(\"" + revision
                + "\") (" + file + "), so the events stored with that revision would be misread."
                + " Do not change a stored event in place: put the fields back, or give the class"
                + " @Revision(\"" + next(revision) + "\"), add an upcaster from revision " + revision
                + " to the upcaster chain (a JsonUpcast bean), describe both revisions in"
                + " domain-docs/events.md, and write the new shape with -Dtally.write-event-shapes=true."
                + "\n  committed: " + committed + "\n  now:       " + shape);
    }

    private static String shapeFileName(String simpleName, String revision) {
        return simpleName + ".r" + revision + ".json";
    }

    /** The JsonUpcast beans that the configuration classes of Tally declare. */
    private static List<JsonUpcast> upcastSteps() {
        List<JsonUpcast> steps = new ArrayList<>();
        for (Class<?> type : tallyClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Bean.class) && method.getReturnType() == JsonUpcast.class) {
                    try {
                        var constructor = type.getDeclaredConstructor();
                        constructor.setAccessible(true);
                        method.setAccessible(true);
                        steps.add((JsonUpcast) method.invoke(constructor.newInstance()));
                    } catch (ReflectiveOperationException unusable) {
                        throw new IllegalStateException(unusable);
                    }
                }
            }
        }
        return steps;
    }

    /** The classes Tally's event handlers take, and those that declare a revision. */
    static Set<Class<?>> eventClasses() {
        Set<Class<?>> events = new TreeSet<>(Comparator.comparing(Class::getName));
        for (Class<?> type : tallyClasses()) {
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

    /** Every class under dev.tally on the class path. */
    private static List<Class<?>> tallyClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile("dev\\.tally\\..*")));
        List<Class<?>> classes = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("dev.tally")) {
            classes.add(load(candidate.getBeanClassName()));
        }
        return classes;
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
