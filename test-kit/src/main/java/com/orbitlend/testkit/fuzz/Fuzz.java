package com.orbitlend.testkit.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The seeded randomness of a fuzz test: a run is reproduced by its printed seed. */
public final class Fuzz {

    private Fuzz() {
    }

    /**
     * A random source seeded with {@code -Dfuzz.seed} or, without it, the current nano time; prints the seed and how
     * to rerun with it, prefixed by {@code test}.
     */
    public static Random random(String test) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println(test + " seed: " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        return new Random(seed);
    }

    /** Every one of {@code kinds} once plus {@code extra} drawn at random, in a random order. */
    public static <E> List<E> everyKindAndMore(E[] kinds, int extra, Random random) {
        List<E> all = new ArrayList<>(Arrays.asList(kinds));
        for (int i = 0; i < extra; i++) {
            all.add(kinds[random.nextInt(kinds.length)]);
        }
        Collections.shuffle(all, random);
        return all;
    }
}
