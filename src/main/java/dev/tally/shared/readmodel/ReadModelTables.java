package dev.tally.shared.readmodel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a projection writes, and nothing else. A projection that names them is rebuilt
 * beside its old read model when it is replayed: its handlers run a second time from the first
 * event, into copies of these tables, while reads keep answering from the old ones; once the copy
 * has caught up it takes their place (dev.tally.ops.Rebuilds, domain-docs/scaling.md).
 *
 * <p>So the projection must write only these tables (through JPA or SQL, unqualified by schema),
 * and have no other effect: no command, no message, no subscription update.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModelTables {

    /** The tables, parents before children (a child's rows are copied after its parent's). */
    String[] value();
}
