/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module rules of the architecture, checked on the main classes of every published module: the codec knows no
 * socket, the socket layer knows neither socket type, CLIENT and SERVER share only the codec and the socket layer,
 * no module reaches into another's {@code internal} package (the socket layer's is the contract between it and the
 * two socket modules, and no one else's), and no public API outside an {@code internal} package exposes an internal
 * type.
 */
class ModuleRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.zmtp.codec", "io.zmtp.socket", "io.zmtp.client", "io.zmtp.server",
                        "io.zmtp.testcontainers");
    }

    @Test
    void theRulesSeeEveryModule() {
        for (String name : new String[] {"io.zmtp.codec.ZmtpFrameDecoder", "io.zmtp.socket.internal.SendQueues",
            "io.zmtp.client.ZmtpClient", "io.zmtp.server.ZmtpServer", "io.zmtp.testcontainers.ZmtpServerContainer"}) {
            assertTrue(classes.contain(name), name);
        }
    }

    @Test
    void theCodecKnowsNoSocket() {
        noClasses().that().resideInAPackage("io.zmtp.codec..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zmtp.socket..", "io.zmtp.client..",
                        "io.zmtp.server..", "io.zmtp.testcontainers..")
                .check(classes);
    }

    @Test
    void theSocketLayerKnowsNeitherSocketType() {
        noClasses().that().resideInAPackage("io.zmtp.socket..")
                .should().dependOnClassesThat().resideInAnyPackage("io.zmtp.client..", "io.zmtp.server..")
                .check(classes);
    }

    @Test
    void clientAndServerShareOnlyTheCodecAndTheSocketLayer() {
        noClasses().that().resideInAPackage("io.zmtp.client..")
                .should().dependOnClassesThat().resideInAPackage("io.zmtp.server..").check(classes);
        noClasses().that().resideInAPackage("io.zmtp.server..")
                .should().dependOnClassesThat().resideInAPackage("io.zmtp.client..").check(classes);
    }

    @Test
    void noModuleReachesIntoAnothersInternalPackage() {
        onlyItsModuleUses("io.zmtp.codec", "io.zmtp.codec..").check(classes);
        onlyItsModuleUses("io.zmtp.client", "io.zmtp.client..").check(classes);
        onlyItsModuleUses("io.zmtp.server", "io.zmtp.server..").check(classes);
        onlyItsModuleUses("io.zmtp.socket", "io.zmtp.socket..", "io.zmtp.client..", "io.zmtp.server..")
                .check(classes);
    }

    private static ArchRule onlyItsModuleUses(String module, String... allowed) {
        return noClasses().that().resideOutsideOfPackages(allowed)
                .should().dependOnClassesThat().resideInAPackage(module + ".internal..")
                .because(module + ".internal is not API");
    }

    @Test
    void noPublicApiExposesAnInternalType() {
        ArchRule rule = members().that().areDeclaredInClassesThat(publicApi())
                .and().haveModifier(JavaModifier.PUBLIC)
                .should(new ArchCondition<JavaMember>("name no type of an internal package in its signature") {
                    @Override
                    public void check(JavaMember member, ConditionEvents events) {
                        Stream<JavaClass> types = member instanceof com.tngtech.archunit.core.domain.JavaCodeUnit
                                ? Stream.concat(Stream.of(((com.tngtech.archunit.core.domain.JavaCodeUnit) member)
                                        .getRawReturnType()), ((com.tngtech.archunit.core.domain.JavaCodeUnit) member)
                                        .getRawParameterTypes().stream())
                                : Stream.of(((com.tngtech.archunit.core.domain.JavaField) member).getRawType());
                        types.filter(type -> type.getPackageName().contains(".internal"))
                                .forEach(type -> events.add(SimpleConditionEvent.violated(member,
                                        member.getFullName() + " exposes " + type.getName())));
                    }
                });
        rule.check(classes);
    }

    /** Public classes outside the internal packages: what applications see. */
    private static DescribedPredicate<JavaClass> publicApi() {
        return DescribedPredicate.describe("public API classes", c -> c.getModifiers().contains(JavaModifier.PUBLIC)
                && !c.getPackageName().contains(".internal"));
    }
}
