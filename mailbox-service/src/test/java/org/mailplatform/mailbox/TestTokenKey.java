package org.mailplatform.mailbox;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Gives the service the public key of {@link TestTokens}. Spring's context cache tells contexts apart
 * by their {@code @DynamicPropertySource} methods, so test classes that declare the same properties
 * share one context only when they inherit this one method instead of each declaring its own.
 */
abstract class TestTokenKey {

    @DynamicPropertySource
    static void jwtKey(DynamicPropertyRegistry registry) throws Exception {
        String pem = TestTokens.publicKeyPem();
        registry.add("mail.mailbox.jwt.public-key", () -> pem);
    }
}
