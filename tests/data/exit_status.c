/* A host program run inside the guest: prints its argv, exits with argv[1]. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i;

	printf("pid %d:", (int)getpid());
	for (i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return argc > 1 ? atoi(argv[1]) : 0;
}
