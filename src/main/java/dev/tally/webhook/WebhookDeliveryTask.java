package dev.tally.webhook;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How webhooks are wired: the worker as a recurring db-scheduler task (db-scheduler runs a task's
 * execution on one node at a time, and another node takes it over when that node is gone), and the
 * outbox processor's errors sent to the processor, which retries the event, instead of Axon's
 * default of logging them and going on (a delivery would be lost).
 */
@Configuration
class WebhookDeliveryTask {

    static final String TASK = "webhook-deliveries";

    @Bean
    RecurringTask<Void> webhookDeliveries(DeliveryWorker worker, WebhookSettings settings) {
        return Tasks.recurring(TASK, FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> worker.sendDue(context.getSchedulerState()));
    }

    @Bean
    ConfigurerModule webhookOutboxRetriesFailedEvents() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(WebhookOutbox.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
