package dev.tally.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text field of an event as personal data of a customer: it is stored encrypted with that
 * customer's key ({@link PersonalDataVault}), and reads back as {@link #FORGOTTEN} once the key is
 * deleted. {@link #subject()} names the event's field that holds the customer (their username).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /** What personal data reads as after its customer was forgotten. */
    String FORGOTTEN = "(forgotten)";

    /** The name of the field (record component) that holds whose data it is. */
    String subject();
}
