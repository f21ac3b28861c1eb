package dev.tally.shared.eventstore;

import dev.tally.privacy.KeyEncryptionKeys;
import java.util.Base64;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.account.Account;
import dev.tally.privacy.PersonalData;
import dev.tally.privacy.PersonalDataModule;
import dev.tally.privacy.PersonalDataVault;
import dev.tally.shared.axon.StoredJson;
import dev.tally.shared.money.Money;
import dev.tally.shared.upcasting.JsonUpcast;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The guard against silent changes of what is stored. Every event class (every class that an
 * event handler of Tally takes, or that carries {@code @Revision}) must have a revision, and the
 * JSON that the configured serializer writes for a sample of it (field names and JSON types, a
 * sealed personal-data string told apart from a plain one) must equal the shape committed for that
 * revision in {@code src/test/resources/event-shapes}. So a change of the fields fails here, and
 * so does a change of how a field is written (a name sealed where it was plain). Each upcast must
 * turn the shape of its revision into the shape of the next, and the {@code Account} snapshot is
 * guarded the same way against its class's {@code @Revision}. Each failure says what to do instead.
 *
 * <p>Run with {@code -Dtally.write-event-shapes=true} to write the shape of a new event or a new
 * revision; existing shapes are never overwritten.
 */
// public, as is SampleOpened: the personal-data serializer reads its subject through the record's accessor
public class EventShapesTest {

    private static final Path SHAPES = Path.of("src/test/resources/event-shapes");
    private static final boolean WRITE = Boolean.getBoolean("tally.write-event-shapes");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SEALED_PREFIX = "pii:";
    private static final Currency EUR = Currency.getInstance("EUR");

    /** The mapper of Axon's serializer, as AxonConfig builds it, with a vault on a database of its own. */
    private static final ObjectMapper STORED = storedJson();

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

    /**
     * Each upcast, run on JSON of its revision's committed shape, gives JSON of the next revision's
     * shape. (A sealed string and a plain one are the same JSON type: an upcast moves fields, it
     * does not seal them; the events of the older revision hold plain values, which read as they are.)
     */
    @Test
    void every_upcast_turns_its_revision_into_the_next() throws IOException {
        List<String> problems = new ArrayList<>();
        for (JsonUpcast step : upcastSteps()) {
            String simpleName = step.eventType().substring(step.eventType().lastIndexOf('.') + 1);
            Path from = SHAPES.resolve(shapeFileName(simpleName, step.fromRevision()));
            Path to = SHAPES.resolve(shapeFileName(simpleName, step.toRevision()));
            if (!Files.exists(from) || !Files.exists(to)) {
                problems.add(step.eventType() + ": no committed shape for revision " + step.fromRevision() + " or "
                        + step.toRevision() + " to check its upcast against");
                continue;
            }
            ObjectNode payload = (ObjectNode) sampleOf(JSON.readTree(from.toFile()).get("fields"));
            step.change().accept(payload);
            Object upcast = plain(kind(payload));
            Object expected = plain(JSON.convertValue(JSON.readTree(to.toFile()).get("fields"), Map.class));
            if (!upcast.equals(expected)) {
                problems.add(step.eventType() + ": the upcast from revision " + step.fromRevision()
                        + " does not give the shape of revision " + step.toRevision() + "\n  upcast:    " + upcast
                        + "\n  committed: " + expected);
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /**
     * Axon ignores a snapshot of another revision than its aggregate class's, so a change of what a
     * snapshot holds must come with a new {@code @Revision} on the class: else an old snapshot would
     * be misread.
     */
    @Test
    void the_account_snapshot_has_the_shape_committed_for_its_revision() throws IOException {
        String revision = Account.class.getAnnotation(Revision.class).value();
        Path file = SHAPES.resolve("Account.snapshot.r" + revision + ".json");
        Map<String, Object> shape = JSON.convertValue(shape(Account.class.getName(), revision,
                written(sampleAggregate(Account.class))), Map.class);
        if (WRITE && !Files.exists(file)) {
            JSON.writeValue(file.toFile(), shape);
        }
        assertThat(file).as("committed shape of the Account snapshot at its @Revision(\"%s\"); write it with"
                + " -Dtally.write-event-shapes=true", revision).exists();
        assertThat(shape).as("the Account snapshot no longer has the shape of its @Revision(\"%s\"): its fields"
                        + " changed. Bump the @Revision of Account (older snapshots are then ignored and retaken)"
                        + " and write the new shape with -Dtally.write-event-shapes=true", revision)
                .isEqualTo(JSON.readValue(file.toFile(), Map.class));
    }

    /** An event whose text field became personal data, as AccountOpened's holder name once did. */
    public record SampleOpened(String sampleId, String owner, @PersonalData(subject = "owner") String name) {
    }

    @Test
    void a_field_written_differently_under_the_same_revision_is_reported(@TempDir Path shapes) throws IOException {
        Files.writeString(shapes.resolve("SampleOpened.r1.json"), """
                {"type": "%s", "revision": "1",
                 "fields": {"sampleId": "string", "owner": "string", "name": "string"}}"""
                .formatted(SampleOpened.class.getName()));
        assertThat(check(SampleOpened.class, shapes, false, "1"))
                .singleElement().asString()
                .contains("no longer has the JSON shape of its @Revision(\"1\")")
                .contains("name=sealed string");
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
        Map<String, Object> shape = JSON.convertValue(shape(event.getName(), revision, written(sample(event))),
                Map.class);
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
                + "\") (" + file + "): its fields, or how the serializer writes them, changed, so the events"
                + " stored with that revision would be misread."
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

    /** The classes Tally's event handlers take (each event of a sealed list), and those that declare a revision. */
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
                    Class<?> handled = method.getParameterTypes()[0];
                    // a handler of an aggregate's events (AccountEvent...) takes each event of the closed list
                    events.addAll(handled.isSealed() ? List.of(handled.getPermittedSubclasses()) : List.of(handled));
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

    private static Map<String, Object> shape(String type, String revision, JsonNode written) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("type", type);
        shape.put("revision", revision);
        shape.put("fields", kind(written));
        return shape;
    }

    /** What the serializer writes, read back as a tree (decimals stay decimals). */
    private static JsonNode written(Object value) {
        try {
            return StoredJson.mapper().readTree(STORED.writeValueAsString(value));
        } catch (IOException unwritable) {
            throw new IllegalStateException("cannot write " + value, unwritable);
        }
    }

    /** The kind of each JSON value: objects by field, arrays by their element, strings sealed or plain. */
    private static Object kind(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            value.properties().forEach(field -> fields.put(field.getKey(), kind(field.getValue())));
            return fields;
        }
        if (value.isArray()) {
            return value.isEmpty() ? List.of() : List.of(kind(value.get(0)));
        }
        if (value.isTextual()) {
            return value.asText().startsWith(SEALED_PREFIX) ? "sealed string" : "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "decimal";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return "null";
    }

    /** A value of the type, every field filled, so that the serializer writes each one (and seals what it seals). */
    private static Object sample(Type type) {
        if (type instanceof ParameterizedType generic) {
            Object element = sample(generic.getActualTypeArguments()[0]);
            return Set.class.isAssignableFrom((Class<?>) generic.getRawType()) ? Set.of(element) : List.of(element);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return "text";
        }
        if (raw == BigDecimal.class) {
            return new BigDecimal("1.00");
        }
        if (raw == int.class || raw == Integer.class) {
            return 1;
        }
        if (raw == long.class || raw == Long.class) {
            return 1L;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Instant.class) {
            return Instant.EPOCH;
        }
        if (raw == Currency.class) {
            return EUR;
        }
        if (raw == Money.class) {
            return new Money(new BigDecimal("1.00"), EUR);
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType());
                types[i] = components[i].getType();
            }
            try {
                var constructor = raw.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException unusable) {
                throw new IllegalStateException("cannot make a sample of " + raw.getName(), unusable);
            }
        }
        throw new IllegalStateException("no sample value known for " + raw.getName() + " in an event");
    }

    /** JSON of a committed shape: a sample value of each kind. */
    private static JsonNode sampleOf(JsonNode kinds) {
        if (kinds.isObject()) {
            ObjectNode sample = JSON.createObjectNode();
            kinds.properties().forEach(field -> sample.set(field.getKey(), sampleOf(field.getValue())));
            return sample;
        }
        if (kinds.isArray()) {
            return JSON.createArrayNode().add(sampleOf(kinds.get(0)));
        }
        return switch (kinds.asText()) {
            case "decimal" -> JSON.getNodeFactory().numberNode(new BigDecimal("1.00"));
            case "integer" -> JSON.getNodeFactory().numberNode(1);
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "sealed string" -> JSON.getNodeFactory().textNode(SEALED_PREFIX + "v1:sample");
            default -> JSON.getNodeFactory().textNode("text");
        };
    }

    /** The shape with sealed strings as plain ones: the same JSON type. */
    private static Object plain(Object kinds) {
        if (kinds instanceof Map<?, ?> fields) {
            Map<Object, Object> plain = new LinkedHashMap<>();
            fields.forEach((name, kind) -> plain.put(name, plain(kind)));
            return plain;
        }
        if (kinds instanceof List<?> elements) {
            return elements.stream().map(EventShapesTest::plain).toList();
        }
        return "sealed string".equals(kinds) ? "string" : kinds;
    }

    /** An aggregate with every field the snapshot holds filled (collections with one element). */
    private static Object sampleAggregate(Class<?> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object aggregate = constructor.newInstance();
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                if (Collection.class.isAssignableFrom(field.getType())) {
                    @SuppressWarnings("unchecked")
                    Collection<Object> collection = (Collection<Object>) field.get(aggregate);
                    collection.addAll((Collection<?>) sample(field.getGenericType()));
                } else {
                    field.set(aggregate, sample(field.getGenericType()));
                }
            }
            return aggregate;
        } catch (ReflectiveOperationException unusable) {
            throw new IllegalStateException("cannot make a sample of " + type.getName(), unusable);
        }
    }

    private static ObjectMapper storedJson() {
        DriverManagerDataSource keys = new DriverManagerDataSource(
                "jdbc:h2:mem:shapes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        SchemaMigrations.flyway(keys).migrate();
        PersonalDataVault vault = new PersonalDataVault(new JdbcTemplate(keys), new DataSourceTransactionManager(keys),
                KeyEncryptionKeys.of(List.of("shapes:" + Base64.getEncoder().encodeToString(new byte[32]))));
        return StoredJson.mapper().registerModule(new PersonalDataModule(vault));
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
