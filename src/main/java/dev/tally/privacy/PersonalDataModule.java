package dev.tally.privacy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Teaches the event store's JSON mapper (Jackson 2, Axon's serializer) about {@link PersonalData}:
 * such a field is sealed by the {@link PersonalDataVault} when an event is written and opened when
 * it is read, so aggregates, projections, replays and temporal queries see plain values and the
 * stored rows never hold them.
 */
public class PersonalDataModule extends SimpleModule {

    private final transient PersonalDataVault vault;

    public PersonalDataModule(PersonalDataVault vault) {
        super("tally-personal-data", Version.unknownVersion());
        this.vault = vault;
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.insertAnnotationIntrospector(new Introspector(vault));
    }

    private static final class Introspector extends NopAnnotationIntrospector {

        private final transient PersonalDataVault vault;

        Introspector(PersonalDataVault vault) {
            this.vault = vault;
        }

        @Override
        public Object findSerializer(Annotated member) {
            PersonalData personal = member.getAnnotation(PersonalData.class);
            return personal == null ? null : new Sealing(vault, personal.subject());
        }

        @Override
        public Object findDeserializer(Annotated member) {
            return member.hasAnnotation(PersonalData.class) ? new Opening(vault) : null;
        }
    }

    /** Writes the value sealed with the key of the customer named by the event's subject field. */
    private static final class Sealing extends StdSerializer<String> {

        private static final Map<Class<?>, Map<String, Method>> ACCESSORS = new ConcurrentHashMap<>();

        private final transient PersonalDataVault vault;
        private final String subjectField;

        Sealing(PersonalDataVault vault, String subjectField) {
            super(String.class);
            this.vault = vault;
            this.subjectField = subjectField;
        }

        @Override
        public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            Object event = generator.currentValue();
            generator.writeString(vault.seal(subjectOf(event), value));
        }

        private String subjectOf(Object event) {
            Method accessor = ACCESSORS.computeIfAbsent(event.getClass(), type -> new ConcurrentHashMap<>())
                    .computeIfAbsent(subjectField, name -> accessor(event.getClass(), name));
            try {
                Object subject = accessor.invoke(event);
                if (subject == null) {
                    throw new IllegalStateException(event.getClass().getSimpleName() + "." + subjectField
                            + " is empty: personal data needs to know whose it is");
                }
                return subject.toString();
            } catch (ReflectiveOperationException failed) {
                throw new IllegalStateException("cannot read " + subjectField + " of " + event.getClass(), failed);
            }
        }

        private static Method accessor(Class<?> type, String name) {
            try {
                return type.getMethod(name);
            } catch (NoSuchMethodException missing) {
                throw new IllegalStateException(type.getSimpleName() + " has no field " + name
                        + " to name the subject of its personal data", missing);
            }
        }
    }

    /** Reads the plain value of a sealed one, or the placeholder once its customer was forgotten. */
    private static final class Opening extends StdDeserializer<String> {

        private final transient PersonalDataVault vault;

        Opening(PersonalDataVault vault) {
            super(String.class);
            this.vault = vault;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return vault.open(parser.getValueAsString());
        }
    }
}
