/* Force-included (-include) into every C file of the CPython build in the Debian 11 root, so that the
 * interpreter runs on glibc 2.28 (UOS 20, Debian 10 generation) although it is linked against glibc 2.31:
 * glibc 2.29 gave exp, log, pow, exp2 and log2 new symbol versions (faster code, the same results to the
 * last ulp for these uses); binding to the old GLIBC_2.2.5 versions keeps the 2.28 baseline. The other
 * 2.30 symbol CPython would use, sem_clockwait, is switched off at configure (ac_cv_func_sem_clockwait=no:
 * CPython falls back to sem_timedwait). */
#if defined(__x86_64__) && defined(__linux__) && !defined(__ASSEMBLER__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
#endif
