package org.mailplatform.observability.tracing;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The smallest application with the platform's defaults: what every service gets from this library. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TracingApp {
}
