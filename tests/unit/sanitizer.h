/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sanitizer.h - whether a test is built with the address sanitizer (gcc
 * says so with __SANITIZE_ADDRESS__, clang with __has_feature), for the
 * tests that measure memory, which it counts in a heap of its own.
 */
#ifndef NSINFO_TEST_SANITIZER_H
#define NSINFO_TEST_SANITIZER_H

#include <stddef.h>

#ifdef __SANITIZE_ADDRESS__
#define NSINFO_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NSINFO_TEST_ASAN 1
#endif
#endif

#ifdef NSINFO_TEST_ASAN
/* the runtime's (sanitizer/allocator_interface.h, which gcc does not
 * install): the bytes its heap holds now */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#endif
