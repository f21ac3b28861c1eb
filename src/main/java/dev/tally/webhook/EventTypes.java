package dev.tally.webhook;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.tally.TallyApplication;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * The event types a webhook may ask for, by simple name: every class with a {@code @Revision} in an
 * {@code api} package of Tally, found on the class path at start. Every stored event has a revision
 * (EventShapesTest insists), and nothing else in an {@code api} package has one, so a new event (such
 * as {@code AlertRaised}) can be asked for as soon as it exists, without a list to keep up to date.
 */
@Component
class EventTypes {

    private final Set<String> names;

    EventTypes() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        this.names = scan.findCandidateComponents(TallyApplication.class.getPackageName()).stream()
                .map(BeanDefinition::getBeanClassName)
                .filter(name -> name.substring(0, name.lastIndexOf('.')).endsWith(".api"))
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    boolean exists(String name) {
        return names.contains(name);
    }

    Set<String> all() {
        return names;
    }
}
