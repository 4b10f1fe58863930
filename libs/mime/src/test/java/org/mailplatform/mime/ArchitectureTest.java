package org.mailplatform.mime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The MIME library is plain Java: delivery, IMAP and tests use it without a framework. */
class ArchitectureTest {

    @Test
    void mimeImportsNoSpringAndNoNetty() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.netty..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.mailplatform.mime"));
    }
}
