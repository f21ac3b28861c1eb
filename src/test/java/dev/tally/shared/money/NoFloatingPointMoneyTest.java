package dev.tally.shared.money;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Money is exact: no {@code float} or {@code double} in the money type, in events, commands,
 * queries and views (the {@code api} packages), or in the aggregates that decide about money.
 */
class NoFloatingPointMoneyTest {

    private static final JavaClasses TALLY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tally");

    @Test
    void no_floating_point_fields_in_money_events_commands_or_aggregates() {
        noFields().that().areDeclaredInClassesThat().resideInAnyPackage("..api..", "dev.tally.shared.money")
                .or().areDeclaredInClassesThat().haveSimpleNameEndingWith("Summary")
                .or().areDeclaredIn(dev.tally.account.Account.class)
                .or().areDeclaredIn(dev.tally.order.Order.class)
                .or().areDeclaredIn(dev.tally.payment.Payment.class)
                .should().haveRawType(double.class).orShould().haveRawType(float.class)
                .orShould().haveRawType(Double.class).orShould().haveRawType(Float.class)
                .because("money is BigDecimal with a currency, never binary floating point")
                .check(TALLY);
    }

    @Test
    void no_money_method_takes_or_gives_floating_point() {
        noMethods().that().areDeclaredInClassesThat().resideInAnyPackage("..api..", "dev.tally.shared.money")
                .should().haveRawReturnType(double.class).orShould().haveRawReturnType(float.class)
                .orShould().haveRawParameterTypes(double.class)
                .orShould().haveRawParameterTypes(float.class)
                .because("money is BigDecimal with a currency, never binary floating point")
                .check(TALLY);
    }
}
