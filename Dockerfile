# Tilegate in a container: build the jar with the project's own Maven wrapper, run it on a JRE
# as an unprivileged user, from the jar's extracted layout with a class-data sharing archive.
# See docs/production.md, "Container" and "Start-up".

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
# Dependencies in a layer of their own, so a change to the sources does not download them again.
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src/ src/
# The tests need a browser and an embedded PostgreSQL; they run in CI (.ci/run), not here.
RUN ./mvnw -B -ntp -q -DskipTests package && cp target/tilegate-*.jar /tilegate.jar
# tilegate.jar plus its libraries as plain jars in lib/: classes load from them without the
# nested-jar step, and class-data sharing can archive them (it cannot read nested jars).
RUN java -Djarmode=tools -jar /tilegate.jar extract --destination /extracted

FROM eclipse-temurin:17-jre
# curl for the health check; the image may not carry it.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --home-dir /app --create-home tilegate
WORKDIR /app
# The libraries first: they change less often than Tilegate's own classes.
COPY --from=build /extracted/lib/ lib/
COPY --from=build /extracted/tilegate.jar tilegate.jar
# The training run: Spring starts the application context and exits before serving (Spring Boot's
# class-data sharing recipe), and the JVM writes every class it loaded to application.jsa. It runs
# on this image's own JVM, which must be the one that reads the archive, with the ENTRYPOINT's
# class path. Its heap is set rather than taken from the build machine's memory: above 32 GB the
# JVM drops compressed pointers, and an archive made so is refused by every node below it. The H2
# file it creates (the schema, the SP key pair it generates) is thrown away: no image may carry a
# key pair. A JRE without the JDK's base archive gets one first; the last line fails the build if
# the JVM would not use application.jsa, or does not know the trim option (17.0.9 and later do).
RUN (test -f "$JAVA_HOME/lib/server/classes.jsa" || java -Xshare:dump) \
	&& SPRING_DATASOURCE_URL="jdbc:h2:file:/tmp/cds-training/tilegate" \
		java -Xmx1g -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh -jar tilegate.jar \
	&& rm -rf /tmp/cds-training \
	&& java -Xmx1g -Xshare:on -XX:SharedArchiveFile=application.jsa -XX:TrimNativeHeapInterval=10000 -cp tilegate.jar -version
USER tilegate
# 8080 the application (behind the proxy), 8081 health and metrics when MANAGEMENT_SERVER_PORT=8081.
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
	CMD curl -fsS "http://localhost:${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}/actuator/health/readiness" || exit 1
# glibc gives each thread that allocates its own 64 MB malloc arena, up to 8 per core; two are
# enough for a JVM, whose objects live in its own heap.
ENV MALLOC_ARENA_MAX=2
# Run from /app, as trained: the archive names tilegate.jar and lib/ by these relative paths.
# The serial collector is what the JVM picks by itself in a container below 1,792 MB or 2 CPUs;
# named here so that a larger limit, or none, does not bring G1 and its tables sized for a heap of
# three quarters of the host. -Xms64m starts the heap near Tilegate's live set rather than at a
# 64th of the host's memory. The JIT compilers and start-up free much of what they took from
# malloc, which glibc keeps unless asked: -XX:TrimNativeHeapInterval gives it back every 10 s.
# See docs/production.md, "Memory at rest".
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms64m", "-XX:MaxRAMPercentage=75", "-XX:TrimNativeHeapInterval=10000", "-XX:SharedArchiveFile=application.jsa", "-jar", "tilegate.jar"]
