package dev.stepwise.server;

/** Placeholder entry point until the command line lands. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("stepwise");
    }
}
