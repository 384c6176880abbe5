package io.exp.server.rest;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tomcat as the API needs it: an encoded slash ({@code %2F}) passes through undecoded, so
 * that a data key holds one (the EXP JavaScript SDK sends {@code /api/data/group/a%2Fb}
 * for the key {@code a/b}) without ever splitting a path segment; and Tomcat's own error
 * reports are JSON. Ordered last, to replace the report valve Spring Boot adds.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class TomcatCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	private final JsonMapper json;

	TomcatCustomizer(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addConnectorCustomizers(
				(connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
		factory.addContextCustomizers((context) -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new JsonErrorReportValve(this.json));
			// else the host adds its HTML report valve when it starts
			host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
		});
	}

}
