package org.mailplatform.teststack;

import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Spring test integration: a test class annotated {@link WithTestStack} gets the shared stack's
 * endpoints as the highest-priority property source. Registered in {@code META-INF/spring.factories}.
 */
public final class TestStackContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        if (!TestContextAnnotationUtils.hasAnnotation(testClass, WithTestStack.class)) {
            return null;
        }
        return new StackCustomizer();
    }

    /** Equal to every other instance, so all stack-backed tests can share one cached context. */
    private static final class StackCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("mailTestStack", StackProperties.of(TestStack.endpoints())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StackCustomizer;
        }

        @Override
        public int hashCode() {
            return StackCustomizer.class.hashCode();
        }
    }
}
