package dev.tally.privacy;

import java.nio.file.Path;

import dev.tally.shared.eventstore.EmbeddedDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the key-encryption keys come from ({@link KeyEncryptionKeys}). */
@Configuration
@EnableConfigurationProperties(KeyEncryptionKeys.Settings.class)
class PersonalDataConfig {

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(KeyEncryptionKeys.Settings settings,
                                        @Value("${spring.datasource.url:}") String databaseUrl,
                                        @Value("${tally.data-dir}") Path dataDir) {
        return KeyEncryptionKeys.load(settings, EmbeddedDatabase.is(databaseUrl), dataDir);
    }
}
