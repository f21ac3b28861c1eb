package dev.tally.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tally.webhooks.*}: how deliveries are sent and retried.
 *
 * @param allowPrivateAddresses whether a webhook may point at a private, loopback, link-local or
 *                              otherwise internal address (the demo profile allows it, so a receiver
 *                              on localhost works; production refuses, see {@link Destinations})
 * @param connectTimeout        how long a connection to a receiver may take
 * @param readTimeout           how long a receiver may take to answer once connected
 * @param firstRetry            the pause after the first failed attempt; each next pause doubles (with jitter)
 * @param giveUpAfter           how long after it fell due a delivery is retried before it is {@code FAILED}
 * @param pollInterval          how often the worker looks for deliveries that are due
 * @param senders               how many deliveries (of different webhooks or aggregates) are sent at once
 */
@ConfigurationProperties("tally.webhooks")
record WebhookSettings(boolean allowPrivateAddresses, Duration connectTimeout, Duration readTimeout,
                       Duration firstRetry, Duration giveUpAfter, Duration pollInterval, Integer senders) {

    WebhookSettings {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        firstRetry = firstRetry == null ? Duration.ofSeconds(10) : firstRetry;
        giveUpAfter = giveUpAfter == null ? Duration.ofHours(24) : giveUpAfter;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        senders = senders == null ? 8 : senders;
    }
}
