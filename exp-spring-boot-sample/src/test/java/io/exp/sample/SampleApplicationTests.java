package io.exp.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample, run as its README command runs it: every step of the scenario it shows is
 * printed and it exits.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Test
	void walksEveryStepOfThePythonSdksExampleOnAnEmbeddedServer(CapturedOutput output) {
		SpringApplication.run(SampleApplication.class).close();
		assertThat(output.getOut()).contains("[runtime] Online!")
			.contains("[step 1] logged in as joe@example.com")
			.contains("[step 3] renamed device")
			.contains("[listen] someone changed a device")
			.contains("[step 5] asked the device for money, it answered {")
			.contains("[respond] answering whoAreYou from device")
			.contains("[step 8] saved group0/key1 = {generic=1111}")
			.contains("logo.png (scala:content:file) -> http://localhost:")
			.contains("thumb -> ")
			.contains("[step 10] done")
			.contains("[runtime] Offline!")
			.doesNotContain("_rt=ey");
	}

}
