-- CreateTable
CREATE TABLE "loaded_dataset" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "loaded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "loaded_dataset_pkey" PRIMARY KEY ("code")
);
