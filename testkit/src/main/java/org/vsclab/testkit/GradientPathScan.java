package org.vsclab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Finds {@code NDArray} arithmetic with {@code Number} arguments ({@code x.mul(2)}, {@code x.div(0.1)},
 * {@code NDArrays.add(x, 1)}, …) in a plugin's bytecode. In DJL 0.36 such constants are backed by a Java
 * buffer that is freed while PyTorch's autograd may still read it: on the gradient path this gives
 * silently wrong gradients, so plugin code uses {@code org.vsclab.spi.Scalars} instead.
 *
 * <p>The scan reads the class files of every class reachable from a starting class (its factory)
 * through code references (calls, field accesses, allocations, super types, signatures) that come from
 * the same code source (the plugin's jar or {@code target/classes}); framework and library classes are
 * not scanned. It cannot know which calls are on the gradient path: a call on an array without a
 * gradient is safe and can be allowed by name ({@link VariationalFamilyConformance#numberArithmeticAllowedIn()}).
 * Comparisons such as {@code x.gt(0)} create no gradient and are not reported.
 */
public final class GradientPathScan {

    /** NDArray and NDArrays methods that have differentiable {@code Number} overloads. */
    private static final Set<String> ARITHMETIC = Set.of("add", "sub", "mul", "div", "mod", "pow", "addi", "subi", "muli",
            "divi", "modi", "powi", "maximum", "minimum", "clip");
    private static final Set<String> OWNERS = Set.of("ai/djl/ndarray/NDArray", "ai/djl/ndarray/NDArrays");
    private static final String NUMBER = "Ljava/lang/Number;";

    /**
     * One call of an NDArray operation with a {@code Number} argument.
     *
     * @param className the calling class, e.g. {@code com.example.MyBase}
     * @param method the calling method, e.g. {@code kl}
     * @param source the source file, or "?" if the class has none recorded
     * @param line the line number, or 0 if the class has no line numbers
     * @param call the operation, e.g. {@code NDArray.div(Number)}
     */
    public record Finding(String className, String method, String source, int line, String call) {

        /** Returns the qualified method name, {@code com.example.MyBase#kl}. */
        public String where() {
            return className + "#" + method;
        }

        @Override
        public String toString() {
            return className + "." + method + " (" + source + ":" + line + ") calls " + call
                    + ": on the gradient path use org.vsclab.spi.Scalars (plus, minus, times, over, atLeast, atMost, clip)";
        }
    }

    private GradientPathScan() {}

    /**
     * Scans the classes reachable from a class within its code source.
     *
     * @param start the plugin class to start from, e.g. its component factory
     * @return every finding, in scan order
     * @throws IllegalStateException if a class file cannot be read
     */
    public static List<Finding> scan(Class<?> start) {
        ClassLoader loader = start.getClassLoader();
        Path origin = codeSource(start);
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(Type.getInternalName(start));
        while (!queue.isEmpty()) {
            String internal = queue.poll();
            if (!seen.add(internal)) {
                continue;
            }
            URL resource = loader.getResource(internal + ".class");
            if (resource == null || !sameSource(resource, origin)) {
                continue;
            }
            try (InputStream in = resource.openStream()) {
                Visitor visitor = new Visitor(findings);
                new ClassReader(in).accept(visitor, 0);
                visitor.references.stream().filter(r -> !seen.contains(r)).forEach(queue::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the class file of " + internal + " at " + resource, e);
            }
        }
        return findings;
    }

    /**
     * Scans every class of a plugin's jar or classes folder: for a plugin whose factory is not one of its
     * own classes (registered as an instance with {@code ComponentFactory.of}, whose lambda lives in the
     * plugin class).
     *
     * @param location the plugin's jar or classes folder
     * @param loader a class loader that sees the plugin's classes
     * @return every finding
     * @throws IllegalStateException if the location cannot be read
     */
    public static List<Finding> scanAll(Path location, ClassLoader loader) {
        List<String> classes = new ArrayList<>();
        try {
            if (java.nio.file.Files.isDirectory(location)) {
                try (var files = java.nio.file.Files.walk(location)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> classes.add(location.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
                }
            } else {
                try (var jar = new java.util.jar.JarFile(location.toFile())) {
                    jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the classes of " + location, e);
        }
        List<Finding> findings = new ArrayList<>();
        for (String file : classes) {
            if (file.endsWith("module-info.class")) {
                continue;
            }
            try (InputStream in = loader.getResourceAsStream(file)) {
                if (in != null) {
                    new ClassReader(in).accept(new Visitor(findings), 0);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the class file " + file + " of " + location, e);
            }
        }
        return findings;
    }

    private static Path codeSource(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new IllegalStateException(type.getName() + " has no code source to scan");
        }
        try {
            return Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot locate the code source of " + type.getName() + ": " + cs.getLocation(), e);
        }
    }

    /** A class file belongs to the plugin if it lies in the same directory tree or jar as the start class. */
    private static boolean sameSource(URL resource, Path origin) {
        String url = resource.toString();
        try {
            if (url.startsWith("jar:")) {
                String jar = url.substring(4, url.indexOf("!/"));
                return Path.of(java.net.URI.create(jar)).toAbsolutePath().normalize().equals(origin);
            }
            return Path.of(resource.toURI()).toAbsolutePath().normalize().startsWith(origin);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Records findings and the classes a class refers to. */
    private static final class Visitor extends ClassVisitor {
        private final List<Finding> findings;
        private final Set<String> references = new LinkedHashSet<>();
        private String className;
        private String source = "?";

        Visitor(List<Finding> findings) {
            super(Opcodes.ASM9);
            this.findings = findings;
        }

        private void refer(Type type) {
            Type t = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (t.getSort() == Type.OBJECT) {
                references.add(t.getInternalName());
            } else if (t.getSort() == Type.METHOD) {
                refer(t.getReturnType());
                for (Type argument : t.getArgumentTypes()) {
                    refer(argument);
                }
            }
        }

        private void referOwner(String owner) {
            refer(owner.startsWith("[") ? Type.getType(owner) : Type.getObjectType(owner));
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name.replace('/', '.');
            if (superName != null) {
                referOwner(superName);
            }
            if (interfaces != null) {
                for (String i : interfaces) {
                    referOwner(i);
                }
            }
        }

        @Override
        public void visitSource(String file, String debug) {
            source = Objects.requireNonNullElse(file, "?");
        }

        @Override
        public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            refer(Type.getType(descriptor));
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            refer(Type.getMethodType(descriptor));
            String method = name;
            return new MethodVisitor(Opcodes.ASM9) {
                private int line;

                @Override
                public void visitLineNumber(int number, Label start) {
                    line = number;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String callee, String desc, boolean isInterface) {
                    referOwner(owner);
                    refer(Type.getMethodType(desc));
                    if (OWNERS.contains(owner) && ARITHMETIC.contains(callee) && desc.contains(NUMBER)) {
                        String simple = owner.substring(owner.lastIndexOf('/') + 1);
                        String args = String.join(", ", java.util.Arrays.stream(Type.getArgumentTypes(desc))
                                .map(t -> t.getClassName().substring(t.getClassName().lastIndexOf('.') + 1)).toList());
                        findings.add(new Finding(className, method, source, line, simple + "." + callee + "(" + args + ")"));
                    }
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    referOwner(owner);
                    refer(Type.getType(desc));
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    referOwner(type);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type t) {
                        refer(t);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String callee, String desc, Handle bootstrap, Object... arguments) {
                    refer(Type.getMethodType(desc));
                    for (Object argument : arguments) {
                        if (argument instanceof Handle h) {
                            referOwner(h.getOwner());
                        } else if (argument instanceof Type t) {
                            refer(t);
                        }
                    }
                }
            };
        }
    }
}
