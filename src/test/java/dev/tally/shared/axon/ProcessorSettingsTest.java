package dev.tally.shared.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Every processing group of the application has its settings in {@code application.yml}
 * ({@code axon.eventhandling.processors.<name>.mode}): a processor whose name changes in code but
 * not in the settings would silently lose its mode, segments and dead-letter queue and run with
 * Axon's defaults.
 */
class ProcessorSettingsTest {

    @Test
    void every_processing_group_has_its_settings() throws IOException {
        Set<String> groups = processingGroups();
        assertThat(groups).as("processing groups found").contains("account-summary", "payment-process");
        PropertySource<?> settings = defaultSettings();
        Set<String> unconfigured = new TreeSet<>();
        for (String group : groups) {
            if (settings.getProperty("axon.eventhandling.processors." + group + ".mode") == null) {
                unconfigured.add(group);
            }
        }
        assertThat(unconfigured).as("processing groups without axon.eventhandling.processors.<name>.mode"
                + " in application.yml").isEmpty();
    }

    @Test
    void every_processor_in_the_settings_is_a_processing_group_of_the_code() throws IOException {
        Set<String> configured = new TreeSet<>();
        for (String name : ((EnumerablePropertySource<?>) defaultSettings())
                .getPropertyNames()) {
            if (name.startsWith("axon.eventhandling.processors.") && name.endsWith(".mode")) {
                configured.add(name.substring("axon.eventhandling.processors.".length(), name.length() - ".mode".length()));
            }
        }
        assertThat(processingGroups()).containsAll(configured);
    }

    /**
     * The groups named by {@code @ProcessingGroup} on the application's own classes (not the tests'),
     * read from the class files: a component scan would skip those behind a condition (the Kafka
     * publisher is there only with {@code tally.kafka.enabled}).
     */
    private static Set<String> processingGroups() throws IOException {
        MetadataReaderFactory readers = new CachingMetadataReaderFactory();
        Set<String> groups = new TreeSet<>();
        for (Resource type : new PathMatchingResourcePatternResolver().getResources("classpath*:dev/tally/**/*.class")) {
            if (type.getURL().getPath().contains("test-classes")) {
                continue;
            }
            Map<String, Object> group = readers.getMetadataReader(type).getAnnotationMetadata()
                    .getAnnotationAttributes(ProcessingGroup.class.getName());
            if (group != null) {
                groups.add((String) group.get("value"));
            }
        }
        return groups;
    }

    /** The first document of application.yml: the settings without a profile. */
    private static PropertySource<?> defaultSettings() throws IOException {
        List<PropertySource<?>> documents = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"));
        return documents.get(0);
    }
}
