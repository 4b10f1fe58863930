package org.mailplatform.teststack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the shared backend stack of this JVM. Test methods and constructors may take a
 * {@link org.mailplatform.embedded.BackendEndpoints} parameter; a Spring test gets the endpoints as
 * properties ({@link StackProperties}) without further wiring.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TestStackExtension.class)
public @interface WithTestStack {
}
