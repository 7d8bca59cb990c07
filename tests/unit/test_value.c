/* test_value.c — unit tests of schema/value.c: constructors, lookup, equality, deep copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "value.h"

static struct value *sample(void)
{
    struct value *o = value_new_object();
    struct value *s = value_new_string("kontoansvarlig", 14);
    s->off = 10;
    s->len = 14;
    value_object_add(o, "title", 5, 3, 5, s);
    struct value *a = value_new_array();
    value_array_append(a, value_new_string("Careers", 7));
    value_array_append(a, value_new_int(3));
    value_object_add(o, "keywords", 8, 30, 8, a);
    value_object_add(o, "title", 5, 50, 5, value_new_null());
    return o;
}

static void test_lookup_returns_first_duplicate(void **state)
{
    (void)state;
    struct value *o = sample();
    const struct value *t = value_object_get(o, "title");
    assert_non_null(t);
    assert_int_equal(t->kind, VALUE_STRING);
    assert_string_equal(t->u.string.ptr, "kontoansvarlig");
    assert_int_equal(t->off, 10);
    assert_int_equal(value_object_member(o, "title")->key_off, 3);
    assert_null(value_object_get(o, "missing"));
    assert_null(value_object_get(t, "title"));
    value_free(o);
}

static void test_equal_and_dup(void **state)
{
    (void)state;
    struct value *o = sample();
    struct value *c = value_dup(o);
    assert_true(value_equal(o, c));
    assert_int_equal(value_object_get(c, "title")->off, 10);
    struct value *one = value_new_int(1), *onef = value_new_real(1.0), *two = value_new_real(2.0);
    assert_true(value_equal(one, onef));
    assert_false(value_equal(one, two));
    struct value *s1 = value_new_string("a\0b", 3), *s2 = value_new_string("a\0c", 3);
    assert_false(value_equal(s1, s2));
    value_free(s1);
    value_free(s2);
    value_free(one);
    value_free(onef);
    value_free(two);
    value_free(c);
    value_free(o);
    value_free(NULL);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(value_kind_name(VALUE_INT), "integer");
    assert_string_equal(value_kind_name(VALUE_REAL), "number");
    assert_string_equal(value_kind_name(VALUE_OBJECT), "object");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_returns_first_duplicate),
        cmocka_unit_test(test_equal_and_dup),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
