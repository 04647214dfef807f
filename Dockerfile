# Tilegate in a container: build the jar with the project's own Maven wrapper, run it on a JRE
# as an unprivileged user. See docs/production.md, "Container".

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
# Dependencies in a layer of their own, so a change to the sources does not download them again.
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src/ src/
# The tests need a browser and an embedded PostgreSQL; they run in CI (.ci/run), not here.
RUN ./mvnw -B -ntp -q -DskipTests package && cp target/tilegate-*.jar /tilegate.jar

FROM eclipse-temurin:17-jre
# curl for the health check; the image may not carry it.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --home-dir /app --create-home tilegate
WORKDIR /app
COPY --from=build /tilegate.jar /app/tilegate.jar
USER tilegate
# 8080 the application (behind the proxy), 8081 health and metrics when MANAGEMENT_SERVER_PORT=8081.
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
	CMD curl -fsS "http://localhost:${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/tilegate.jar"]
