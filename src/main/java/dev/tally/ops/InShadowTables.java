package dev.tally.ops;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * The transactions of a rebuild: Axon's own, in which the read model's table names find the
 * rebuild's copies ({@link ShadowTables}). Everything else the processor writes in them (its
 * tokens, its dead letters) goes where it always goes.
 */
final class InShadowTables implements TransactionManager {

    private final TransactionManager transactions;
    private final ShadowTables shadow;
    private final EntityManagerProvider entityManagers;

    InShadowTables(TransactionManager transactions, ShadowTables shadow, EntityManagerProvider entityManagers) {
        this.transactions = transactions;
        this.shadow = shadow;
        this.entityManagers = entityManagers;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = transactions.startTransaction();
        try {
            shadow.enter();
        } catch (RuntimeException failed) {
            // H2 may have set one of its two names before the other failed
            try {
                shadow.leave();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            } finally {
                transaction.rollback();
            }
            throw failed;
        }
        return new Transaction() {
            @Override
            public void commit() {
                // JPA writes its rows at the flush: while the names still find the copies (H2 sets them
                // back before the commit, which would flush into the old tables)
                try {
                    entityManagers.getEntityManager().flush();
                } catch (RuntimeException failed) {
                    try {
                        shadow.leave();
                    } catch (RuntimeException alsoFailed) {
                        failed.addSuppressed(alsoFailed);
                    }
                    throw failed;
                }
                shadow.leave();
                transaction.commit();
            }

            @Override
            public void rollback() {
                try {
                    shadow.leave();
                } finally {
                    transaction.rollback();
                }
            }
        };
    }
}
