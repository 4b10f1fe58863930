package org.mailplatform.smtp.codec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The codec is plain Java: it parses and encodes, it knows nothing of Netty, Spring or the server. */
@AnalyzeClasses(packages = "org.mailplatform.smtp", importOptions = ImportOption.DoNotIncludeTests.class)
class CodecIndependenceTest {

    @ArchTest
    static final ArchRule codecImportsNoNettyNoSpringNoServer = noClasses()
            .that().resideInAPackage("org.mailplatform.smtp.codec..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.springframework..",
                    "org.mailplatform.smtp.server..", "org.mailplatform.protocol..", "org.apache.kafka..");
}
